package org.opentwinj.services.model.rerun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.ComputeReply;
import org.opentwinj.platform.session.ComputeRequest;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.jobs.JobActions;
import org.opentwinj.services.model.jobs.JobBoard;
import org.opentwinj.services.model.jobs.StoredJob;
import org.opentwinj.services.model.peers.SessionServices;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;
import org.opentwinj.services.model.save.SaveResult;
import org.opentwinj.services.model.store.Entity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Model.SetProperties}: an edit of an entity's properties, checked against its property
 * types before anything happens. An entity without an origin is saved at once. One with an
 * origin is rebuilt by its service, and so is everything made from it, in dependency order
 * ({@code Command.Compute} at each origin service, given what was rebuilt before it), as a job
 * on the board; all the outputs are saved in one new model version, so one undo takes the
 * whole update back. A cycle, a failing step, a cancel or a save that finds the model moved on
 * saves nothing.
 */
public final class ParametricUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(ParametricUpdates.class);
    static final String COMMAND = "Model.SetProperties";

    /** Told of every save an edit makes, after it is made (to announce and log it). */
    @FunctionalInterface
    public interface SaveListener {
        void saved(ProjectModel model, String author, SaveRequest request, SaveResult result);
    }

    /** Where an edit went: a saved version (no origin), or the job that rebuilds. */
    public sealed interface Outcome {}

    /** @param result the save */
    public record Saved(SaveRequest request, SaveResult result) implements Outcome {}

    /** @param job the update's job */
    public record Started(JobView job) implements Outcome {}

    private final Supplier<JobBoard> board;
    private final SessionServices services;
    private final ServiceClient client;
    private final Executor executor;
    private final SaveListener saved;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param board    the session's job board
     * @param services where the origin services are (started on demand)
     * @param client   an mTLS client with the Model's certificate
     * @param executor runs the updates' jobs
     * @param saved    told of the update's save once it is made (announces and logs it)
     */
    public ParametricUpdates(
            Supplier<JobBoard> board,
            SessionServices services,
            ServiceClient client,
            Executor executor,
            SaveListener saved) {
        this.board = board;
        this.services = services;
        this.client = client;
        this.executor = executor;
        this.saved = saved;
    }

    /**
     * @throws PublicException 400 for an edit its property types refuse (naming entity and
     *     property), 404 for an unknown entity, 409 when the model is not at {@code expectedVersion}
     */
    public Outcome edit(ProjectModel model, String author, PropertyEdit edit) {
        if (edit.id() == null || edit.properties() == null || edit.properties().isEmpty()) {
            throw new PublicException("Model.SetProperties needs the entity's id and the properties to change");
        }
        long base = model.head().version();
        if (edit.expectedVersion() != null && edit.expectedVersion() != base) {
            throw PublicException.conflict("the model is at version " + base + ", not " + edit.expectedVersion()
                    + ": someone saved or undid in between; reload and edit again");
        }
        Entity entity = model.entity(edit.id(), base);
        ObjectNode properties = edited(model, base, entity, edit.properties());
        if (entity.origin() == null) {
            SaveRequest request = new SaveRequest(
                    base,
                    "set " + String.join(", ", names(edit.properties())) + " of " + entity.name(),
                    List.of(putOf(entity, properties)),
                    null);
            SaveResult result = model.save(author, request);
            saved.saved(model, author, request, result);
            return new Saved(request, result);
        }
        JobView job = board.get()
                .report(new JobView(
                        "model-" + UUID.randomUUID(),
                        JobActions.MODEL_SERVICE,
                        COMMAND,
                        "Update " + entity.name(),
                        author,
                        JobState.QUEUED,
                        0,
                        "waiting to start",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        running.add(job.id());
        Update update = new Update(model, author, base, entity, properties, names(edit.properties()), job.id());
        try {
            executor.execute(update::run);
        } catch (RuntimeException e) {
            running.remove(job.id());
            board.get().end(job.id(), JobState.FAILED, "the update could not be started: " + e.getMessage(), null);
            throw e;
        }
        return new Started(job);
    }

    /**
     * Whether an update with this job runs here: it then stops before its next step, as it
     * sees the cancel request on the board (a step under way finishes; its result is dropped).
     *
     * @return false when no such update runs here (e.g. the Model restarted since): the caller
     *     ends the job itself
     */
    public boolean cancel(String jobId) {
        return running.contains(jobId);
    }

    /** The entity's properties after the edit, checked whole against its types. */
    private static ObjectNode edited(ProjectModel model, long base, Entity entity, ObjectNode changes) {
        String which = "entity '" + entity.name() + "' (" + entity.id() + ")";
        ObjectNode properties = entity.properties().deepCopy();
        List<ParamSpec> types = entity.propertyTypes();
        if (types.isEmpty()) {
            changes.properties().forEach(field -> {
                if (field.getValue().isNull()) {
                    properties.remove(field.getKey());
                } else {
                    properties.set(field.getKey(), field.getValue());
                }
            });
            return properties;
        }
        EntityLookup lookup = typesAt(model, base);
        Map<String, JsonNode> given = new LinkedHashMap<>();
        changes.properties().forEach(field -> given.put(field.getKey(), field.getValue()));
        try {
            ParamCheck.checkSome(types, given, lookup).forEach(properties::set);
            Map<String, JsonNode> all = new LinkedHashMap<>();
            properties.properties().forEach(field -> all.put(field.getKey(), field.getValue()));
            ObjectNode checked = Json.object();
            ParamCheck.check(types, all, lookup).forEach(checked::set);
            return checked;
        } catch (PublicException e) {
            throw new PublicException(which + ": " + e.getMessage());
        }
    }

    private static EntityLookup typesAt(ProjectModel model, long version) {
        Map<String, Optional<String>> cache = new HashMap<>();
        return id -> cache.computeIfAbsent(id, key -> {
            try {
                return Optional.of(model.entity(key, version).type().label());
            } catch (PublicException e) {
                return Optional.empty();
            }
        });
    }

    private static List<String> names(ObjectNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static EntityPut putOf(Entity entity, ObjectNode properties) {
        return new EntityPut(
                entity.id(),
                entity.type().label(),
                entity.name(),
                entity.parent(),
                properties,
                entity.refs(),
                null,
                null,
                null,
                entity.origin(),
                entity.propertyTypes().isEmpty() ? null : entity.propertyTypes());
    }

    /** One update, run as its job. */
    private final class Update {
        private final ProjectModel model;
        private final String author;
        private final long base;
        private final Entity edited;
        private final ObjectNode properties;
        private final List<String> changed;
        private final String jobId;
        private final List<String> staged = new ArrayList<>();

        Update(
                ProjectModel model,
                String author,
                long base,
                Entity edited,
                ObjectNode properties,
                List<String> changed,
                String jobId) {
            this.model = model;
            this.author = author;
            this.base = base;
            this.edited = edited;
            this.properties = properties;
            this.changed = changed;
            this.jobId = jobId;
        }

        void run() {
            JobBoard jobs = board.get();
            try {
                SaveRequest request = rebuild(jobs);
                if (request == null) {
                    return;
                }
                SaveResult result = model.save(author, request);
                saved.saved(model, author, request, result);
                jobs.end(jobId, JobState.DONE, null, result.version());
            } catch (PublicException e) {
                fail(jobs, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("the update of {} ({}) failed", edited.name(), edited.id(), e);
                fail(
                        jobs,
                        "the Model failed while updating " + edited.name() + " ("
                                + e.getClass().getSimpleName() + "); nothing was saved");
            } finally {
                running.remove(jobId);
            }
        }

        private void fail(JobBoard jobs, String reason) {
            discardStaged();
            try {
                jobs.end(jobId, JobState.FAILED, reason, null);
            } catch (RuntimeException e) {
                // The board's database is gone too (the service stops): the next start fails the job.
                LOG.error("could not mark the update job {} failed ({})", jobId, reason, e);
            }
        }

        /** Every step's outputs as one save, or null when the job was cancelled. */
        private SaveRequest rebuild(JobBoard jobs) {
            List<Entity> all = model.entities(base);
            Map<String, Entity> byId = new HashMap<>();
            Map<String, List<String>> inputs = new HashMap<>();
            for (Entity entity : all) {
                byId.put(entity.id(), entity);
                if (entity.origin() != null) {
                    inputs.put(entity.id(), entity.origin().inputs());
                }
            }
            List<String> order = DependencyOrder.of(
                    inputs,
                    edited.id(),
                    id -> byId.containsKey(id) ? byId.get(id).name() : id);
            Map<String, JsonNode> rebuilt = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                if (stopped(jobs)) {
                    return null;
                }
                Entity entity = byId.get(order.get(i));
                jobs.progress(
                        jobId,
                        (double) i / order.size(),
                        "rebuilding " + entity.name() + " (" + (i + 1) + " of " + order.size() + ")");
                ObjectNode params = entity.id().equals(edited.id()) ? properties : entity.properties();
                List<JsonNode> outputs = compute(entity, params, rebuilt);
                for (JsonNode output : outputs) {
                    rebuilt.put(output.path("id").asText(), output);
                }
            }
            if (stopped(jobs)) {
                return null;
            }
            List<EntityPut> puts = new ArrayList<>();
            for (JsonNode put : rebuilt.values()) {
                try {
                    puts.add(Json.mapper().treeToValue(put, EntityPut.class));
                } catch (JsonProcessingException e) {
                    throw new PublicException("an output for entity "
                            + put.path("id").asText() + " is not a valid entity: " + e.getOriginalMessage());
                }
            }
            int derived = order.size() - 1;
            String message = "update " + edited.name() + ": set " + String.join(", ", changed)
                    + (derived == 0
                            ? ""
                            : "; rebuilt " + derived + (derived == 1 ? " derived entity" : " derived entities"));
            return new SaveRequest(base, message, puts, null);
        }

        /**
         * Whether a user asked to cancel the job, or it ended already (cancelled at once by a
         * Model that did not know it ran): then what was staged is dropped and nothing is saved.
         */
        private boolean stopped(JobBoard jobs) {
            StoredJob job = jobs.get(jobId);
            if (job.view().state().isEnded() || job.cancelRequestedBy() != null) {
                discardStaged();
                jobs.end(jobId, JobState.CANCELLED, null, null);
                return true;
            }
            return false;
        }

        /** One step: the entity's command at its origin service, given what was rebuilt before. */
        private List<JsonNode> compute(Entity entity, ObjectNode params, Map<String, JsonNode> rebuilt) {
            String service = entity.origin().service();
            Map<String, JsonNode> values = new LinkedHashMap<>();
            params.properties().forEach(field -> values.put(field.getKey(), field.getValue()));
            ComputeRequest request =
                    new ComputeRequest(entity.origin().command(), values, entity.id(), base, rebuilt, author);
            URI url = services.running(service).orElseGet(() -> services.demand(service));
            ComputeReply reply;
            try {
                reply = Json.mapper()
                        .treeToValue(client.call(url, ActionNames.COMMAND_COMPUTE, request), ComputeReply.class);
            } catch (PeerCallException e) {
                throw new PublicException("rebuilding " + entity.name() + " failed at " + service + ": " + e.reason()
                        + "; nothing was saved");
            } catch (JsonProcessingException e) {
                throw new PublicException("rebuilding " + entity.name() + ": " + service
                        + " answered Command.Compute with something else than outputs (" + e.getOriginalMessage()
                        + "); nothing was saved");
            }
            if (reply.put().isEmpty()) {
                throw new PublicException(
                        "rebuilding " + entity.name() + ": " + service + " returned no outputs; nothing was saved");
            }
            List<JsonNode> outputs = new ArrayList<>();
            for (int i = 0; i < reply.put().size(); i++) {
                JsonNode put = reply.put().get(i);
                if (!put.isObject()) {
                    throw new PublicException("rebuilding " + entity.name() + ": " + service
                            + " returned an output that is not an object; nothing was saved");
                }
                ObjectNode output = ((ObjectNode) put).deepCopy();
                if (output.hasNonNull("stagedData")) {
                    staged.add(output.path("stagedData").asText());
                }
                if (i == 0) {
                    keepIdentity(entity, params, output, service);
                } else if (!output.hasNonNull("id")) {
                    throw new PublicException("rebuilding " + entity.name() + ": " + service
                            + " returned an output without id; nothing was saved");
                }
                outputs.add(output);
            }
            return outputs;
        }

        /** The first output is the entity itself: same id, and what the service left out stays as it was. */
        private void keepIdentity(Entity entity, ObjectNode params, ObjectNode output, String service) {
            if (output.hasNonNull("id") && !entity.id().equals(output.path("id").asText())) {
                throw new PublicException("rebuilding " + entity.name() + ": " + service + " returned entity "
                        + output.path("id").asText() + " first, not " + entity.id() + "; nothing was saved");
            }
            output.put("id", entity.id());
            if (!output.hasNonNull("type")) {
                output.put("type", entity.type().label());
            }
            if (!output.hasNonNull("name")) {
                output.put("name", entity.name());
            }
            if (!output.has("parent") && entity.parent() != null) {
                output.put("parent", entity.parent());
            }
            if (!output.has("refs")) {
                output.set("refs", Json.mapper().valueToTree(entity.refs()));
            }
            if (!output.hasNonNull("properties")) {
                output.set("properties", params);
            }
            if (!output.hasNonNull("origin")) {
                output.set("origin", Json.mapper().valueToTree(entity.origin()));
            }
            if (!output.hasNonNull("propertyTypes") && !entity.propertyTypes().isEmpty()) {
                output.set("propertyTypes", Json.mapper().valueToTree(entity.propertyTypes()));
            }
        }

        private void discardStaged() {
            for (String upload : staged) {
                try {
                    model.blobStore().deleteStaged(upload);
                } catch (RuntimeException e) {
                    LOG.warn("could not remove the staged upload {} of a failed update", upload, e);
                }
            }
        }
    }
}
