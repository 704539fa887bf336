package org.opentwinj.services.model.version;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/** Labels on versions ("submitted", "v1.0"), one document each in {@code _meta}: a label names one version. */
public final class LabelStore {
    private static final String PREFIX = "label:";

    private final MongoCollection<Document> meta;

    public LabelStore(MongoCollection<Document> meta) {
        this.meta = meta;
    }

    /** Puts the label on the version, moving it if it was elsewhere. */
    public void set(String label, long version) {
        meta.replaceOne(
                Filters.eq("_id", PREFIX + label),
                new Document("_id", PREFIX + label).append("label", label).append("version", version),
                new ReplaceOptions().upsert(true));
    }

    /** @return whether the label existed */
    public boolean remove(String label) {
        return meta.deleteOne(Filters.eq("_id", PREFIX + label)).getDeletedCount() == 1;
    }

    /** Every label with its version, by label. */
    public Map<String, Long> all() {
        Map<String, Long> labels = new TreeMap<>();
        meta.find(Filters.regex("_id", "^" + PREFIX))
                .forEach(d -> labels.put(d.getString("label"), ((Number) d.get("version")).longValue()));
        return labels;
    }
}
