package org.opentwinj.services.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.access.Rights;
import org.opentwinj.services.model.archive.ModelArchive;
import org.opentwinj.services.model.archive.Templates;
import org.opentwinj.services.model.jobs.JobSaves;
import org.opentwinj.services.model.rerun.ParametricUpdates;
import org.opentwinj.services.model.rerun.PropertyEdit;
import org.opentwinj.services.model.save.SaveRequest;
import org.opentwinj.services.model.save.SaveResult;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.version.Head;

/**
 * The Model service's actions. All are over mutual TLS: session services call them directly,
 * thin clients through the relay (which sends the user's token along). Every one checks the
 * caller's rights on the project: read to look, write to change, owner to delete.
 */
public final class ModelActions {
    record Empty() {}

    record VersionRequest(@OptionalField Long version) {}

    record EntitiesRequest(
            @OptionalField Long version,
            @OptionalField String parent,
            @OptionalField String type) {}

    record EntityRequest(String id, @OptionalField Long version) {}

    /** Reads an entity's payload ({@code id}), or a staged upload ({@code upload}, e.g. an output rebuilt earlier in an update). */
    record ReadDataRequest(
            @OptionalField String id,
            @OptionalField String upload,
            @OptionalField Long version,
            @OptionalField Long offset,
            @OptionalField Integer length) {}

    record StageRequest(@OptionalField String upload, String data) {}

    record CheckoutRequest(long version) {}

    record HistoryRequest(
            @OptionalField Long before, @OptionalField Integer limit) {}

    record LabelRequest(long version, String label) {}

    record UnlabelRequest(String label) {}

    record DiffRequest(long from, long to) {}

    record ExportReadRequest(
            String export, long offset, @OptionalField Integer length) {}

    record ImportRequest(String upload) {}

    record TemplateRequest(String template) {}

    /** An entity without its payload bytes, as listings show it. */
    record EntityView(
            String id,
            long version,
            String type,
            String name,
            String parent,
            Object properties,
            List<String> refs,
            Long dataSize,
            String dataSha256,
            EntityOrigin origin,
            List<ParamSpec> propertyTypes) {
        static EntityView of(Entity e) {
            return new EntityView(
                    e.id(),
                    e.version(),
                    e.type().label(),
                    e.name(),
                    e.parent(),
                    e.properties(),
                    e.refs(),
                    e.data() == null ? null : e.data().size(),
                    e.data() == null ? null : e.data().sha256(),
                    e.origin(),
                    e.propertyTypes().isEmpty() ? null : e.propertyTypes());
        }
    }

    /** Where the model stands: its project, current version and what undo and redo can do. */
    record Info(String project, long version, List<Long> redo, long versions, int entities, Map<String, Long> labels) {}

    private final Supplier<ProjectModel> model;
    private final ProjectAccess access;
    private final Path exports;
    private final Consumer<Object> announce;
    private final BiConsumer<String, CallContext> deleteFromCatalog;
    private final JobSaves jobSaves;
    private final ModelChangeLog changes = new ModelChangeLog();

    /**
     * @param model             the session's project model (refuses until the session runs)
     * @param access            the rights check
     * @param exports           a private directory for export files
     * @param announce          tells the session's clients that the model changed
     * @param deleteFromCatalog removes the project from AUTH's catalog on the caller's behalf (after its data is gone)
     * @param jobSaves          who saves a job's results ({@code Model.Save} with {@code job})
     */
    public ModelActions(
            Supplier<ProjectModel> model,
            ProjectAccess access,
            Path exports,
            Consumer<Object> announce,
            BiConsumer<String, CallContext> deleteFromCatalog,
            JobSaves jobSaves) {
        this.model = model;
        this.access = access;
        this.exports = exports;
        this.announce = announce;
        this.deleteFromCatalog = deleteFromCatalog;
        this.jobSaves = jobSaves;
    }

    private ProjectModel current() {
        ProjectModel current = model.get();
        if (current.isDeleted()) {
            throw new PublicException(410, "project " + current.project() + " was deleted; close the session");
        }
        return current;
    }

    private ProjectModel allowed(CallContext call, Rights needed) {
        ProjectModel current = current();
        access.require(call, current.project(), needed);
        return current;
    }

    private String author(CallContext call, ProjectModel current, Rights needed) {
        return access.require(call, current.project(), needed);
    }

    /** The model and who changes it, once the caller's rights are checked. */
    private record Writer(ProjectModel model, String author) {}

    private Writer writer(CallContext call, Rights needed) {
        ProjectModel current = current();
        return new Writer(current, author(call, current, needed));
    }

    /** The writer of a save: its caller, or for a job's results (its service saves them) the job's user. */
    private Writer saver(CallContext call, SaveRequest request) {
        if (request.job() == null) {
            return writer(call, Rights.WRITE);
        }
        ProjectModel current = current();
        return new Writer(current, jobSaves.author(call, current.project(), request.job()));
    }

    /** Announces and logs a save made on behalf of {@code author} outside {@code Model.Save} (a parametric update). */
    public void saved(ProjectModel m, String author, SaveRequest request, SaveResult result) {
        changed(m, "saved");
        changes.saved(m, author, request.expectedVersion(), result.version(), request.message());
    }

    /**
     * Registers the actions.
     *
     * @param updates runs {@code Model.SetProperties}
     */
    public void register(ActionRegistry actions, ParametricUpdates updates) {
        actions.register(ActionSpec.internal("Model.Info", Empty.class, (r, call) -> info(allowed(call, Rights.READ)))
                        .asIdempotent())
                .register(ActionSpec.internal("Model.Entities", EntitiesRequest.class, (r, call) -> {
                            ProjectModel m = allowed(call, Rights.READ);
                            return m.entities(r.version()).stream()
                                    .filter(e ->
                                            r.parent() == null || r.parent().equals(e.parent()))
                                    .filter(e -> r.type() == null
                                            || r.type().equals(e.type().label()))
                                    .map(EntityView::of)
                                    .toList();
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(
                                "Model.Entity",
                                EntityRequest.class,
                                (r, call) ->
                                        EntityView.of(allowed(call, Rights.READ).entity(r.id(), r.version())))
                        .asIdempotent())
                .register(ActionSpec.internal(
                                "Model.ReadData",
                                ReadDataRequest.class,
                                (r, call) -> readData(allowed(call, Rights.READ), r))
                        .asIdempotent())
                .register(ActionSpec.internal(
                        "Model.StageData",
                        StageRequest.class,
                        (r, call) ->
                                Map.of("upload", allowed(call, Rights.WRITE).stage(r.upload(), r.data()))))
                .register(ActionSpec.internal("Model.Save", SaveRequest.class, (r, call) -> {
                    Writer w = saver(call, r);
                    SaveResult result = w.model().save(w.author(), r);
                    changed(w.model(), "saved");
                    changes.saved(w.model(), w.author(), r.expectedVersion(), result.version(), r.message());
                    return result;
                }))
                .register(ActionSpec.internal("Model.SetProperties", PropertyEdit.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    return switch (updates.edit(w.model(), w.author(), r)) {
                        case ParametricUpdates.Saved saved ->
                            Map.of("version", saved.result().version());
                        case ParametricUpdates.Started started -> Map.of("job", started.job());
                    };
                }))
                .register(ActionSpec.internal("Model.Undo", Empty.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    return moved(
                            w.model(),
                            ProjectModel::undo,
                            "undone",
                            (before, after) -> changes.undone(w.author(), before.version(), after.version()));
                }))
                .register(ActionSpec.internal("Model.Redo", Empty.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    return moved(
                            w.model(),
                            ProjectModel::redo,
                            "redone",
                            (before, after) -> changes.redone(w.author(), after.version(), after.redo()));
                }))
                .register(ActionSpec.internal("Model.Checkout", CheckoutRequest.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    return moved(
                            w.model(),
                            m -> m.checkout(r.version()),
                            "checked out",
                            (before, after) ->
                                    changes.checkedOut(w.author(), before.version(), after.version(), after.redo()));
                }))
                .register(ActionSpec.internal("Model.History", HistoryRequest.class, (r, call) -> {
                            int limit = r.limit() == null ? 100 : r.limit();
                            if (limit < 1 || limit > 1000) {
                                throw new PublicException("field 'limit' must be 1 to 1000");
                            }
                            return allowed(call, Rights.READ).history(r.before(), limit);
                        })
                        .asIdempotent())
                .register(ActionSpec.internal("Model.Label", LabelRequest.class, (r, call) -> {
                            Writer w = writer(call, Rights.WRITE);
                            ProjectModel m = w.model();
                            m.label(r.label(), r.version());
                            changed(m, "labelled");
                            changes.labelled(w.author(), r.label(), r.version());
                            return m.labelStore().all();
                        })
                        .asIdempotent())
                .register(ActionSpec.internal("Model.Unlabel", UnlabelRequest.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    ProjectModel m = w.model();
                    Long version = m.labelStore().all().get(r.label());
                    m.unlabel(r.label());
                    changed(m, "unlabelled");
                    changes.unlabelled(w.author(), r.label(), version);
                    return m.labelStore().all();
                }))
                .register(ActionSpec.internal(
                                "Model.Diff",
                                DiffRequest.class,
                                (r, call) -> allowed(call, Rights.READ).compare(r.from(), r.to()))
                        .asIdempotent())
                .register(ActionSpec.internal(
                        "Model.Export", Empty.class, (r, call) -> export(allowed(call, Rights.READ))))
                .register(ActionSpec.internal("Model.ExportRead", ExportReadRequest.class, (r, call) -> {
                            allowed(call, Rights.READ);
                            return exportRead(r);
                        })
                        .asIdempotent())
                .register(ActionSpec.internal("Model.Import", ImportRequest.class, (r, call) -> {
                    Writer w = writer(call, Rights.WRITE);
                    ProjectModel m = w.model();
                    try (InputStream archive = m.blobStore().staged(r.upload())) {
                        ModelArchive.importInto(m, archive);
                        m.blobStore().deleteStaged(r.upload());
                        changed(m, "imported");
                        Info info = info(m);
                        changes.imported(w.author(), info.version(), info.entities());
                        return info;
                    }
                }))
                .register(ActionSpec.internal("Model.Templates", Empty.class, (r, call) -> {
                            allowed(call, Rights.READ);
                            return Templates.descriptions();
                        })
                        .asIdempotent())
                .register(ActionSpec.internal("Model.ApplyTemplate", TemplateRequest.class, (r, call) -> {
                    ProjectModel m = current();
                    String author = author(call, m, Rights.WRITE);
                    if (!m.isEmpty()) {
                        throw PublicException.conflict("a template starts a new project: this model is not empty");
                    }
                    m.save(author, Templates.firstSave(r.template()));
                    changed(m, "created from template " + r.template());
                    Info info = info(m);
                    changes.fromTemplate(author, r.template(), info.version(), info.entities());
                    return info;
                }))
                .register(ActionSpec.internal("Model.DeleteProject", Empty.class, (r, call) -> {
                    Writer w = writer(call, Rights.OWNER);
                    ProjectModel m = w.model();
                    m.drop();
                    changes.deleted(w.author(), m.project());
                    deleteFromCatalog.accept(m.project(), call);
                    announce.accept(Map.of("event", "model.deleted", "project", m.project()));
                    return Map.of("project", m.project(), "deleted", true);
                }));
    }

    private static Map<String, Object> readData(ProjectModel m, ReadDataRequest r) {
        if ((r.id() == null) == (r.upload() == null)) {
            throw new PublicException(
                    "Model.ReadData reads an entity's data (id) or a staged upload (upload): give one");
        }
        long offset = r.offset() == null ? 0 : r.offset();
        int length = r.length() == null ? ProjectModel.MAX_READ : r.length();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("offset", offset);
        byte[] bytes;
        long size;
        if (r.upload() != null) {
            bytes = m.readStaged(r.upload(), offset, length);
            size = m.blobStore().stagedSize(r.upload());
            reply.put("size", size);
        } else {
            Entity entity = m.entity(r.id(), r.version());
            bytes = m.readData(entity, offset, length);
            size = entity.data().size();
            reply.put("size", size);
            reply.put("sha256", entity.data().sha256());
        }
        reply.put("eof", offset + bytes.length >= size);
        reply.put("data", Base64.getEncoder().encodeToString(bytes));
        return reply;
    }

    private static Info info(ProjectModel m) {
        Head head = m.head();
        return new Info(
                m.project(),
                head.version(),
                head.redo(),
                m.stateStore().count(),
                m.at(null).size(),
                m.labelStore().all());
    }

    /** Moves the head, tells the clients and logs the move (given the head before and after it). */
    private Info moved(ProjectModel m, Function<ProjectModel, Head> move, String what, BiConsumer<Head, Head> log) {
        Head before = m.head();
        Head after = move.apply(m);
        changed(m, what);
        log.accept(before, after);
        return info(m);
    }

    /** Tells the session's clients (the web UI's tree and history) what happened. */
    private void changed(ProjectModel m, String what) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "model.changed");
        event.put("what", what);
        event.put("version", m.head().version());
        announce.accept(event);
    }

    private Map<String, Object> export(ProjectModel m) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createDirectories(exports);
        Path file = exports.resolve(id + ".zip");
        try (OutputStream out = Files.newOutputStream(file)) {
            ModelArchive.export(m, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Map.of("export", id, "size", Files.size(file), "fileName", m.project() + ".otmodel.zip");
    }

    private Map<String, Object> exportRead(ExportReadRequest r) {
        if (!r.export().matches("[0-9a-f-]{36}")) {
            throw PublicException.notFound("no export '" + r.export() + "'");
        }
        Path file = exports.resolve(r.export() + ".zip");
        int length = r.length() == null ? ProjectModel.MAX_READ : r.length();
        if (r.offset() < 0 || length < 1 || length > ProjectModel.MAX_READ) {
            throw new PublicException("offset must not be negative and length must be 1 to " + ProjectModel.MAX_READ);
        }
        try (var channel = Files.newByteChannel(file)) {
            long size = channel.size();
            channel.position(Math.min(r.offset(), size));
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, Math.max(0, size - r.offset())));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read until the buffer is full or the file ends
            }
            boolean eof = r.offset() + buffer.position() >= size;
            if (eof) {
                Files.deleteIfExists(file);
            }
            return Map.of(
                    "offset",
                    r.offset(),
                    "size",
                    size,
                    "eof",
                    eof,
                    "data",
                    Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), buffer.position())));
        } catch (NoSuchFileException e) {
            throw PublicException.notFound("no export '" + r.export() + "' (exports are removed once read to the end)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read export " + r.export(), e);
        }
    }
}
