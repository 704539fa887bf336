package org.opentwinj.services.model.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.JobView;

/**
 * The session's jobs in {@code model_<project>_jobs}, one document per job ({@code _id} its
 * id), so that a restarted Model service still knows them.
 */
public final class JobStore {
    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoCollection<Document> jobs;

    public JobStore(MongoCollection<Document> jobs) {
        this.jobs = jobs;
    }

    public Optional<StoredJob> find(String id) {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", id)).first()).map(JobStore::fromDocument);
    }

    /** Writes the job whole (one document: a crash leaves it as before or as after). */
    public void put(StoredJob job) {
        Document document = new Document("_id", job.view().id())
                .append("createdMs", job.view().created().toEpochMilli())
                .append("view", Document.parse(Json.write(job.view())))
                .append("cancelRequestedBy", job.cancelRequestedBy());
        jobs.replaceOne(Filters.eq("_id", job.view().id()), document, new ReplaceOptions().upsert(true));
    }

    /** Every job, newest first. */
    public List<StoredJob> newestFirst() {
        List<StoredJob> all = new ArrayList<>();
        jobs.find()
                .sort(new Document("createdMs", -1).append("_id", -1))
                .forEach(document -> all.add(fromDocument(document)));
        return all;
    }

    public long count() {
        return jobs.countDocuments();
    }

    public void delete(List<String> ids) {
        if (!ids.isEmpty()) {
            jobs.deleteMany(Filters.in("_id", ids));
        }
    }

    private static StoredJob fromDocument(Document document) {
        try {
            JobView view =
                    Json.mapper().readValue(document.get("view", Document.class).toJson(RELAXED), JobView.class);
            return new StoredJob(view, document.getString("cancelRequestedBy"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("job " + document.get("_id") + " is unreadable", e);
        }
    }
}
