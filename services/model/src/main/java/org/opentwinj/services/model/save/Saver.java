package org.opentwinj.services.model.save;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.services.model.ModelOptions;
import org.opentwinj.services.model.store.BlobStore;
import org.opentwinj.services.model.store.DataRef;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityStore;
import org.opentwinj.services.model.store.EntityType;
import org.opentwinj.services.model.version.Head;
import org.opentwinj.services.model.version.HeadStore;
import org.opentwinj.services.model.version.ModelVersion;
import org.opentwinj.services.model.version.StateStore;
import org.opentwinj.services.model.version.VersionResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a model version so that a crash at any point leaves the previous version intact:
 * <ol>
 *   <li>reserve the head for a save on the expected version (one conditional update; a
 *       second writer gets 409 here, before anything is written);</li>
 *   <li>write the new entity versions and their payloads, each tagged with the save;</li>
 *   <li>write the state document: from this moment the version exists;</li>
 *   <li>move the head to it and release the reservation.</li>
 * </ol>
 * Every write is one document; a process killed between any two leaves either no new version
 * (and some tagged documents that {@link Recovery} removes) or the whole new version.
 */
public final class Saver {
    private static final Logger LOG = LoggerFactory.getLogger(Saver.class);
    /** What entity ids (and upload ids) may look like. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final EntityStore entities;
    private final StateStore states;
    private final HeadStore heads;
    private final BlobStore blobs;
    private final VersionResolver resolver;
    private final Recovery recovery;
    private final ModelOptions options;
    private final Clock clock;

    public Saver(
            EntityStore entities,
            StateStore states,
            HeadStore heads,
            BlobStore blobs,
            VersionResolver resolver,
            Recovery recovery,
            ModelOptions options,
            Clock clock) {
        this.entities = entities;
        this.states = states;
        this.heads = heads;
        this.blobs = blobs;
        this.resolver = resolver;
        this.recovery = recovery;
        this.options = options;
        this.clock = clock;
    }

    /**
     * @param author who saves (a user, or a session service)
     * @throws PublicException 409 when the model is not at the expected version or another save
     *     is under way; 400/404 for invalid changes (nothing is written then)
     */
    public SaveResult save(String author, SaveRequest request) {
        Head head = heads.read();
        if (head.pending() != null && recovery.isStale(head.pending())) {
            recovery.recover(head);
            head = heads.read();
        }
        checkExpected(head, request.expectedVersion());
        Map<String, Long> before =
                request.expectedVersion() == 0 ? Map.of() : resolver.resolve(request.expectedVersion());
        Plan plan = plan(before, request);

        long number = head.nextVersion();
        String saveId = UUID.randomUUID().toString();
        if (!heads.reserve(request.expectedVersion(), number, saveId, clock.instant())) {
            checkExpected(heads.read(), request.expectedVersion());
            throw PublicException.conflict("the model changed while saving; reload and try again");
        }
        try {
            Map<String, Long> written = writeEntities(plan, before, number, saveId);
            ModelVersion version = stateOf(request, author, plan, before, written, number, saveId);
            insertState(version);
            if (!heads.commit(saveId, number)) {
                // Only a writer that found this version's state after the lease ran out resolves
                // the save that way, by finishing it: the version exists.
                LOG.info(
                        "save {} of version {} was finished by another writer after its lease ran out", saveId, number);
            }
            plan.staged().forEach(blobs::deleteStaged);
            return new SaveResult(number, written, plan.deletes(), version.full());
        } catch (RuntimeException e) {
            LOG.warn("save {} of version {} did not finish; cleaning up", saveId, number, e);
            recovery.giveUp(saveId, number);
            throw e;
        }
    }

    private void insertState(ModelVersion version) {
        try {
            states.insert(version);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            if (states.find(version.version()).isEmpty()) {
                throw PublicException.conflict("the save took longer than its lease ("
                        + options.saveLease().toSeconds()
                        + " s) and another writer gave it up; nothing was saved, save again");
            }
            throw new IllegalStateException(
                    "version number " + version.version() + " was handed out although a version holds it", e);
        }
    }

    private static void checkExpected(Head head, long expected) {
        if (head.pending() != null) {
            throw PublicException.conflict("another save is under way on this model; try again shortly");
        }
        if (head.version() != expected) {
            throw PublicException.conflict("the model is at version " + head.version() + ", not " + expected
                    + ": someone saved or undid in between; reload and apply your changes again");
        }
    }

    /** What the save will do, checked against the model before anything is written. */
    private record Plan(
            Map<String, EntityPut> puts, List<String> deletes, Map<String, Long> after, Set<String> staged) {}

    private Plan plan(Map<String, Long> before, SaveRequest request) {
        Map<String, EntityPut> puts = new LinkedHashMap<>();
        for (EntityPut put : request.puts()) {
            String id = put.id() == null ? UUID.randomUUID().toString() : put.id();
            if (!ID.matcher(id).matches()) {
                throw new PublicException("entity id '" + id + "' must be 1 to 64 letters, digits, '-' or '_'");
            }
            if (puts.put(id, put) != null) {
                throw new PublicException("entity " + id + " is put twice in one save");
            }
            EntityType.parse(put.type());
            if (put.data() != null && put.stagedData() != null) {
                throw new PublicException("entity " + id + " gives both data and stagedData");
            }
        }
        checkNames(puts, before);
        Set<String> deletes = new HashSet<>();
        for (String id : request.deletes()) {
            if (!before.containsKey(id)) {
                throw PublicException.notFound(
                        "no entity " + id + " to delete at version " + request.expectedVersion());
            }
            if (puts.containsKey(id) || !deletes.add(id)) {
                throw new PublicException("entity " + id + " is deleted twice, or put and deleted, in one save");
            }
        }
        if (puts.isEmpty() && deletes.isEmpty()) {
            throw new PublicException("a save needs at least one entity to put or delete");
        }
        Map<String, Long> after = new HashMap<>(before);
        deletes.forEach(after::remove);
        puts.keySet().forEach(id -> after.put(id, -1L));
        checkLinks(puts, after, before);
        TypedProperties.check(puts, after, entities);
        OriginCycles.check(puts, after, entities);
        Set<String> staged = new HashSet<>();
        puts.values().stream().filter(p -> p.stagedData() != null).forEach(p -> staged.add(p.stagedData()));
        return new Plan(puts, List.copyOf(deletes), after, staged);
    }

    /**
     * New and renamed entities get names that keep {@link NameRule#ENTITY} (trimmed in the puts);
     * an entity that keeps its stored name keeps it, even if it breaks a rule made after it was
     * named, so that old models still load, display and change.
     */
    private void checkNames(Map<String, EntityPut> puts, Map<String, Long> before) {
        List<String> existing = puts.keySet().stream()
                .filter(before::containsKey)
                .map(id -> Entity.key(id, before.get(id)))
                .toList();
        Map<String, String> stored = new HashMap<>();
        if (!existing.isEmpty()) {
            entities.find(existing).values().forEach(e -> stored.put(e.id(), e.name()));
        }
        for (Map.Entry<String, EntityPut> entry : puts.entrySet()) {
            EntityPut put = entry.getValue();
            String old = stored.get(entry.getKey());
            if (old != null && old.equals(put.name())) {
                continue;
            }
            String problem = NameRule.ENTITY.problem(put.name());
            if (problem != null) {
                throw new PublicException(old == null ? problem : "renaming '" + old + "': " + problem);
            }
            entry.setValue(put.withName(NameRule.trim(put.name())));
        }
    }

    /** Parents and refs must exist after the save, and parents must not form a cycle. */
    private void checkLinks(Map<String, EntityPut> puts, Map<String, Long> after, Map<String, Long> before) {
        Map<String, String> parents = new HashMap<>();
        for (Map.Entry<String, EntityPut> put : puts.entrySet()) {
            EntityPut p = put.getValue();
            if (p.parent() != null) {
                if (!after.containsKey(p.parent()) || p.parent().equals(put.getKey())) {
                    throw PublicException.notFound(
                            "entity " + put.getKey() + " names parent " + p.parent() + ", which is not in the model");
                }
                parents.put(put.getKey(), p.parent());
            }
            for (String ref : p.refs() == null ? List.<String>of() : p.refs()) {
                if (!after.containsKey(ref)) {
                    throw PublicException.notFound(
                            "entity " + put.getKey() + " refers to " + ref + ", which is not in the model");
                }
            }
        }
        // Entities that stay must not be left pointing at deleted ones.
        Set<String> deleted = new HashSet<>(before.keySet());
        deleted.removeAll(after.keySet());
        if (!deleted.isEmpty()) {
            List<String> kept = before.keySet().stream()
                    .filter(id -> after.containsKey(id) && !puts.containsKey(id))
                    .map(id -> Entity.key(id, before.get(id)))
                    .toList();
            for (Entity entity : entities.find(kept).values()) {
                if (entity.parent() != null && deleted.contains(entity.parent())) {
                    throw PublicException.conflict("entity " + entity.id() + " (" + entity.name() + ") is a child of "
                            + entity.parent() + ": delete or move it too");
                }
                for (String ref : entity.refs()) {
                    if (deleted.contains(ref)) {
                        throw PublicException.conflict("entity " + entity.id() + " (" + entity.name() + ") refers to "
                                + ref + ": delete it or change its refs too");
                    }
                }
                for (String input : entity.origin() == null
                        ? List.<String>of()
                        : entity.origin().inputs()) {
                    if (deleted.contains(input)) {
                        throw PublicException.conflict("entity " + entity.id() + " (" + entity.name()
                                + ") was made from " + input + ": delete it too, or save it without that origin");
                    }
                }
            }
        }
        for (String id : parents.keySet()) {
            Set<String> seen = new HashSet<>();
            String at = id;
            while (at != null) {
                if (!seen.add(at)) {
                    throw new PublicException("entity " + id + " would be its own ancestor");
                }
                at = parents.containsKey(at) ? parents.get(at) : parentInModel(at, before, puts);
            }
        }
    }

    private String parentInModel(String id, Map<String, Long> before, Map<String, EntityPut> puts) {
        if (puts.containsKey(id) || !before.containsKey(id)) {
            return null;
        }
        return entities.find(List.of(Entity.key(id, before.get(id)))).values().stream()
                .findFirst()
                .map(Entity::parent)
                .orElse(null);
    }

    private Map<String, Long> writeEntities(Plan plan, Map<String, Long> before, long number, String saveId) {
        Map<String, Long> written = new LinkedHashMap<>();
        List<String> previousKeys = plan.puts().keySet().stream()
                .filter(before::containsKey)
                .map(id -> Entity.key(id, before.get(id)))
                .toList();
        Map<String, Entity> previous = entities.find(previousKeys);
        for (Map.Entry<String, EntityPut> entry : plan.puts().entrySet()) {
            String id = entry.getKey();
            EntityPut put = entry.getValue();
            Entity old = before.containsKey(id) ? previous.get(Entity.key(id, before.get(id))) : null;
            DataRef data = data(put, old, id, number, saveId);
            entities.insert(new Entity(
                    id,
                    number,
                    EntityType.parse(put.type()),
                    put.name(),
                    put.parent(),
                    put.properties(),
                    put.refs() == null ? List.of() : put.refs(),
                    data,
                    saveId,
                    put.origin(),
                    put.propertyTypes()));
            written.put(id, number);
        }
        return written;
    }

    private DataRef data(EntityPut put, Entity old, String id, long number, String saveId) {
        if (put.data() != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(put.data());
            } catch (IllegalArgumentException e) {
                throw new PublicException("the data of entity " + id + " is not base64: " + e.getMessage());
            }
            if (bytes.length <= options.inlineLimit()) {
                return new DataRef(bytes.length, sha256(bytes), null, bytes);
            }
            return stored(new ByteArrayInputStream(bytes), id, number, saveId);
        }
        if (put.stagedData() != null) {
            return staged(blobs.staged(put.stagedData()), id, number, saveId);
        }
        if (Boolean.TRUE.equals(put.clearData()) || old == null) {
            return null;
        }
        return old.data();
    }

    /** A payload uploaded in parts: inline when it is small after all, as if sent whole. */
    private DataRef staged(InputStream parts, String id, long number, String saveId) {
        try {
            byte[] start = parts.readNBytes(options.inlineLimit() + 1);
            if (start.length <= options.inlineLimit()) {
                parts.close();
                return new DataRef(start.length, sha256(start), null, start);
            }
            return stored(new SequenceInputStream(new ByteArrayInputStream(start), parts), id, number, saveId);
        } catch (IOException e) {
            throw new UncheckedIOException("the staged payload of entity " + id + " could not be read", e);
        }
    }

    private DataRef stored(InputStream source, String id, long number, String saveId) {
        MessageDigest digest = digest();
        CountingStream counting = new CountingStream(new DigestInputStream(source, digest));
        String fileId = blobs.store(counting, id, number, saveId);
        return new DataRef(counting.count, HexFormat.of().formatHex(digest.digest()), fileId, null);
    }

    private ModelVersion stateOf(
            SaveRequest request,
            String author,
            Plan plan,
            Map<String, Long> before,
            Map<String, Long> written,
            long number,
            String saveId) {
        Map<String, Long> after = new HashMap<>(plan.after());
        after.putAll(written);
        Long parent = request.expectedVersion() == 0 ? null : request.expectedVersion();
        int parentChain = parent == null ? 0 : states.find(parent).orElseThrow().chain();
        boolean full = parent == null || parentChain + 1 >= options.fullEvery();
        int changed = written.size() + plan.deletes().size();
        return full
                ? new ModelVersion(
                        number,
                        parent,
                        true,
                        after,
                        List.of(),
                        0,
                        author,
                        request.message(),
                        clock.instant(),
                        saveId,
                        after.size(),
                        changed)
                : new ModelVersion(
                        number,
                        parent,
                        false,
                        written,
                        plan.deletes(),
                        parentChain + 1,
                        author,
                        request.message(),
                        clock.instant(),
                        saveId,
                        after.size(),
                        changed);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
