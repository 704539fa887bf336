package org.opentwinj.services.model;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.services.model.diff.Differ;
import org.opentwinj.services.model.diff.IdChanges;
import org.opentwinj.services.model.diff.VersionDiff;
import org.opentwinj.services.model.jobs.JobStore;
import org.opentwinj.services.model.save.Recovery;
import org.opentwinj.services.model.save.SaveRequest;
import org.opentwinj.services.model.save.SaveResult;
import org.opentwinj.services.model.save.Saver;
import org.opentwinj.services.model.store.BlobStore;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityStore;
import org.opentwinj.services.model.store.ProjectCollections;
import org.opentwinj.services.model.version.Head;
import org.opentwinj.services.model.version.HeadStore;
import org.opentwinj.services.model.version.LabelStore;
import org.opentwinj.services.model.version.ModelVersion;
import org.opentwinj.services.model.version.StateStore;
import org.opentwinj.services.model.version.VersionResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One project's model: its entities and versions, read and written through here. The Model
 * service holds one for the project of its session; tests and the archive code use it directly.
 */
public final class ProjectModel {
    /** The most a single read of a payload returns, so a reply fits into one message. */
    private static final Logger LOG = LoggerFactory.getLogger(ProjectModel.class);

    public static final int MAX_READ = 4 * 1024 * 1024;

    private final String project;
    private final ProjectCollections collections;
    private final EntityStore entities;
    private final StateStore states;
    private final HeadStore heads;
    private final LabelStore labels;
    private final JobStore jobs;
    private final BlobStore blobs;
    private final VersionResolver resolver;
    private final Recovery recovery;
    private final Saver saver;
    private final Differ differ;

    public ProjectModel(MongoDatabase database, String project, ModelOptions options, Clock clock) {
        this.project = project;
        this.collections = new ProjectCollections(database, project);
        this.entities = new EntityStore(collections.entities());
        this.states = new StateStore(collections.states());
        this.heads = new HeadStore(collections.meta());
        this.labels = new LabelStore(collections.meta());
        this.jobs = new JobStore(collections.jobs());
        this.blobs = new BlobStore(collections.blobs());
        this.resolver = new VersionResolver(states, options.cached());
        this.recovery = new Recovery(entities, states, heads, blobs, options, clock);
        this.saver = new Saver(entities, states, heads, blobs, resolver, recovery, options, clock);
        this.differ = new Differ(entities);
    }

    /**
     * Opens the model as its only writer: empties a project whose import was interrupted (so it
     * can be imported again), and finishes or undoes what an interrupted save left.
     */
    public ProjectModel open() {
        if (heads.importUnderWay()) {
            LOG.warn(
                    "an import into project {} was interrupted; emptying the project so that it can be imported again",
                    project);
            empty();
        }
        recovery.recoverOnOpen();
        return this;
    }

    public String project() {
        return project;
    }

    public ProjectCollections collections() {
        return collections;
    }

    public EntityStore entityStore() {
        return entities;
    }

    public StateStore stateStore() {
        return states;
    }

    public BlobStore blobStore() {
        return blobs;
    }

    /** The session's job board's store ({@code model_<project>_jobs}). */
    public JobStore jobStore() {
        return jobs;
    }

    public LabelStore labelStore() {
        return labels;
    }

    public HeadStore headStore() {
        return heads;
    }

    public Head head() {
        return heads.read();
    }

    public SaveResult save(String author, SaveRequest request) {
        return saver.save(author, request);
    }

    /** The whole model at a version (the head when null): entity id to entity version. */
    public Map<String, Long> at(Long version) {
        long wanted = version == null ? heads.read().version() : version;
        return wanted == 0 ? Map.of() : resolver.resolve(wanted);
    }

    /** The entities at a version (the head when null), sorted by name then id. */
    public List<Entity> entities(Long version) {
        Map<String, Long> model = at(version);
        List<String> keys = model.entrySet().stream()
                .map(e -> Entity.key(e.getKey(), e.getValue()))
                .toList();
        Map<String, Entity> found = entities.find(keys);
        if (found.size() != keys.size()) {
            throw new IllegalStateException("version " + version + " of project " + project + " lists " + keys.size()
                    + " entity versions, " + (keys.size() - found.size()) + " of them missing");
        }
        List<Entity> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing(Entity::name).thenComparing(Entity::id));
        return list;
    }

    /** One entity as it is at a version (the head when null). */
    public Entity entity(String id, Long version) {
        Long entityVersion = at(version).get(id);
        if (entityVersion == null) {
            throw PublicException.notFound(
                    "no entity " + id + " at " + (version == null ? "the current version" : "version " + version));
        }
        return entities.find(List.of(Entity.key(id, entityVersion))).values().stream()
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("entity version " + Entity.key(id, entityVersion) + " is missing"));
    }

    /** Part of an entity's payload. */
    public byte[] readData(Entity entity, long offset, int length) {
        if (entity.data() == null) {
            throw PublicException.notFound("entity " + entity.id() + " has no data");
        }
        if (offset < 0 || length < 0 || length > MAX_READ) {
            throw new PublicException("offset must not be negative and length must be 0 to " + MAX_READ);
        }
        if (entity.data().isInline()) {
            byte[] all = entity.data().inline();
            int from = (int) Math.min(offset, all.length);
            return Arrays.copyOfRange(all, from, (int) Math.min(all.length, from + (long) length));
        }
        return blobs.read(entity.data().gridFsId(), offset, length);
    }

    /** Part of a staged upload (404 when there is none such), e.g. an output rebuilt earlier in a parametric update. */
    public byte[] readStaged(String upload, long offset, int length) {
        if (offset < 0 || length < 0 || length > MAX_READ) {
            throw new PublicException("offset must not be negative and length must be 0 to " + MAX_READ);
        }
        if (!Saver.ID.matcher(upload).matches()) {
            throw PublicException.notFound("no staged upload '" + upload + "'");
        }
        try (InputStream parts = blobs.staged(upload)) {
            parts.skipNBytes(Math.min(offset, blobs.stagedSize(upload)));
            return parts.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged upload " + upload, e);
        }
    }

    /** Stages one part of a payload too large for one message; returns the upload id to continue or save with. */
    public String stage(String upload, String base64) {
        String id = upload == null ? UUID.randomUUID().toString() : upload;
        if (!Saver.ID.matcher(id).matches()) {
            throw new PublicException("upload id '" + id + "' is not valid");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PublicException("data is not base64: " + e.getMessage());
        }
        blobs.stagePart(id, upload == null ? 0 : blobs.stagedParts(id), bytes);
        return id;
    }

    /** Moves the head back to the current version's parent. */
    public Head undo() {
        Head head = heads.read();
        if (head.version() == 0) {
            throw PublicException.conflict("nothing to undo: the model is empty");
        }
        ModelVersion current = states.find(head.version()).orElseThrow();
        List<Long> redo = new ArrayList<>(head.redo());
        redo.add(head.version());
        move(head, current.parent() == null ? 0 : current.parent(), redo);
        return heads.read();
    }

    /** Moves the head forward to the version undone last. */
    public Head redo() {
        Head head = heads.read();
        if (head.redo().isEmpty()) {
            throw PublicException.conflict("nothing to redo");
        }
        List<Long> redo = new ArrayList<>(head.redo());
        long next = redo.removeLast();
        move(head, next, redo);
        return heads.read();
    }

    /**
     * Makes another version current, so that the next save branches from it. Redo then goes
     * the way back, as if the versions in between had been undone one by one: checking out v2
     * from v4 (on the line v1-v2-v3-v4) lets Redo go to v3, then v4, until a save branches.
     * Checking out a version Redo would reach redoes up to it; checking out a version on
     * another branch leaves nothing to redo.
     */
    public Head checkout(long version) {
        if (version != 0 && states.find(version).isEmpty()) {
            throw PublicException.notFound("no version " + version + " in this model");
        }
        Head head = heads.read();
        if (head.version() == version) {
            return head; // already there: nothing moves, Redo stays as it was
        }
        move(head, version, redoAfterCheckout(head, version));
        return heads.read();
    }

    private List<Long> redoAfterCheckout(Head head, long target) {
        int undone = head.redo().indexOf(target);
        if (undone >= 0) {
            // The redo list is a line, the next to redo last: redoing up to the target leaves the older part.
            return head.redo().subList(0, undone);
        }
        List<Long> between = new ArrayList<>();
        Long at = head.version() == 0 ? null : head.version();
        while (at != null && at != target) {
            between.add(at);
            long version = at;
            at = states.find(version).map(ModelVersion::parent).orElse(null);
        }
        boolean ancestor = at != null || target == 0;
        if (!ancestor) {
            return List.of();
        }
        List<Long> redo = new ArrayList<>(head.redo());
        redo.addAll(between); // the head first, the target's child last: the next to redo
        return redo;
    }

    private void move(Head head, long to, List<Long> redo) {
        if (head.pending() != null) {
            throw PublicException.conflict("a save is under way on this model; try again shortly");
        }
        if (!heads.move(head.version(), to, redo)) {
            throw PublicException.conflict("the model changed meanwhile; reload and try again");
        }
    }

    public void label(String label, long version) {
        label = NameRule.LABEL.check(label);
        if (states.find(version).isEmpty()) {
            throw PublicException.notFound("no version " + version + " in this model");
        }
        labels.set(label, version);
    }

    public void unlabel(String label) {
        if (!labels.remove(label)) {
            throw PublicException.notFound("no label '" + label + "'");
        }
    }

    /**
     * A version in the history.
     *
     * @param version  its number
     * @param parent   the version it was saved on
     * @param author   who saved it
     * @param message  why
     * @param time     when
     * @param full     stored in full (else as a delta)
     * @param size     entities in the model at this version
     * @param changed  entities put or deleted by it
     * @param labels   its labels
     * @param current  whether it is the head
     * @param onLine   whether it is the head or one of its ancestors (else on another branch or undone)
     */
    public record HistoryEntry(
            long version,
            Long parent,
            String author,
            String message,
            Instant time,
            boolean full,
            int size,
            int changed,
            List<String> labels,
            boolean current,
            boolean onLine) {}

    /** Versions, newest first, before {@code before} (all when null), at most {@code limit}. */
    public List<HistoryEntry> history(Long before, int limit) {
        Head head = heads.read();
        Map<Long, List<String>> byVersion = new LinkedHashMap<>();
        labels.all()
                .forEach((label, version) -> byVersion
                        .computeIfAbsent(version, v -> new ArrayList<>())
                        .add(label));
        Set<Long> line = line(head.version());
        List<HistoryEntry> entries = new ArrayList<>();
        for (ModelVersion v : states.newestFirst(before == null ? Long.MAX_VALUE : before, limit)) {
            entries.add(new HistoryEntry(
                    v.version(),
                    v.parent(),
                    v.author(),
                    v.message(),
                    v.time(),
                    v.full(),
                    v.size(),
                    v.changed(),
                    byVersion.getOrDefault(v.version(), List.of()),
                    v.version() == head.version(),
                    line.contains(v.version())));
        }
        return entries;
    }

    private Set<Long> line(long head) {
        Set<Long> line = new HashSet<>();
        Long at = head == 0 ? null : head;
        while (at != null && line.add(at)) {
            long version = at;
            at = states.find(version).map(ModelVersion::parent).orElse(null);
        }
        return line;
    }

    /**
     * What changed between two versions.
     *
     * @param from    the older version
     * @param to      the newer version
     * @param added   entities in {@code to} only
     * @param removed entities in {@code from} only
     * @param changed entities in both, in another version
     */
    public record Diff(long from, long to, List<String> added, List<String> removed, List<String> changed) {}

    public Diff diff(long from, long to) {
        Map<String, Long> a = from == 0 ? Map.of() : resolver.resolve(from);
        Map<String, Long> b = to == 0 ? Map.of() : resolver.resolve(to);
        IdChanges ids = IdChanges.between(a, b);
        return new Diff(from, to, List.copyOf(ids.added()), List.copyOf(ids.removed()), List.copyOf(ids.changed()));
    }

    /**
     * What differs between two versions, entity by entity and field by field, bounded as
     * {@link Differ} says. Any two versions: either may be older, on another branch, or 0 (empty).
     *
     * @throws PublicException 404 for a version that does not exist
     */
    public VersionDiff compare(long from, long to) {
        return differ.compare(from, at(from), to, at(to));
    }

    /** The names of some entities at a version; ids not in it are left out. */
    public Map<String, String> names(long version, Collection<String> ids) {
        Map<String, Long> model = at(version);
        List<String> keys = ids.stream()
                .filter(model::containsKey)
                .map(id -> Entity.key(id, model.get(id)))
                .toList();
        Map<String, String> names = new LinkedHashMap<>();
        entities.find(keys).values().forEach(e -> names.put(e.id(), e.name()));
        return names;
    }

    /** Whether the model has no version at all (a new project, or one to import into). */
    public boolean isEmpty() {
        return states.count() == 0 && entities.count() == 0;
    }

    private volatile boolean deleted;

    /** Deletes every collection of the project; the model answers nothing more. */
    public void drop() {
        deleted = true;
        collections.dropAll();
    }

    /** Deletes every collection of the project, which stays open as an empty one. */
    public void empty() {
        collections.dropAll();
        resolver.clear();
    }

    /** Whether the project's data was deleted through this model. */
    public boolean isDeleted() {
        return deleted;
    }
}
