package org.opentwinj.services.model.data;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.server.ByteRange;
import org.opentwinj.platform.transport.server.StreamHandler;
import org.opentwinj.platform.transport.server.StreamRequest;
import org.opentwinj.platform.transport.server.StreamResponse;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.access.Rights;
import org.opentwinj.services.model.data.cache.PayloadCache;
import org.opentwinj.services.model.store.DataRef;
import org.opentwinj.services.model.store.Entity;

/**
 * {@code GET /data/{entity}?version=V}: an entity's payload as raw bytes (inline or from
 * GridFS), for the data path that brings large results to clients (relay, web service) without
 * base64 or JSON. Over mutual TLS with the user's token, as actions on a user's behalf; the
 * user needs read access to the project. The answer has a Content-Length, an ETag (the
 * payload's SHA-256) that {@code If-None-Match} revalidates (304), and serves one
 * {@code Range} (206, honouring {@code If-Range}), so a client fetches a large payload in parts.
 * A GridFS payload is served from the {@link PayloadCache} (copied there from GridFS on its
 * first read), one too large for the cache from GridFS directly.
 */
public final class DataEndpoint implements StreamHandler {
    /** The route's path; the relay's {@code /data/{session}/{entity}} passes on to it. */
    public static final String PATH = "/data/{entity}";
    /**
     * GridFS chunks (1 MiB) read per query. Bounded: the embedded database answers a whole
     * cursor in one reply, and a 100 MiB payload's reply would exceed the driver's 48 MB
     * message limit.
     */
    static final int CHUNKS_PER_QUERY = 8;
    /** Bytes of a cached payload read and written at a time. */
    static final int FILE_BUFFER = 1 << 20;
    /** Bytes of a cached payload mapped at a time (then unmapped at once, not when collected). */
    static final long FILE_WINDOW = 64L << 20;

    private final Supplier<ProjectModel> models;
    private final ProjectAccess access;
    private final MongoDatabase database;
    private final PayloadCache cache;
    private final int chunksPerQuery;

    /**
     * @param models the model the service serves, or null while the session's Run has not come
     * @param access decides whether the caller may read the project
     * @param database the database of the model's GridFS bucket
     * @param cache    local copies of GridFS payloads, filled on their first read
     */
    public DataEndpoint(
            Supplier<ProjectModel> models, ProjectAccess access, MongoDatabase database, PayloadCache cache) {
        this(models, access, database, cache, CHUNKS_PER_QUERY);
    }

    /** With {@code chunksPerQuery} GridFS chunks per query (tests use 1 to cross queries). */
    DataEndpoint(
            Supplier<ProjectModel> models,
            ProjectAccess access,
            MongoDatabase database,
            PayloadCache cache,
            int chunksPerQuery) {
        this.models = models;
        this.access = access;
        this.database = database;
        this.cache = cache;
        this.chunksPerQuery = chunksPerQuery;
    }

    /** The route to add to the service: mutual TLS, as every Model action. */
    public static StreamRoute route(
            Supplier<ProjectModel> models, ProjectAccess access, MongoDatabase database, PayloadCache cache) {
        return new StreamRoute(PATH, StreamRoute.Access.MUTUAL_TLS, new DataEndpoint(models, access, database, cache));
    }

    @Override
    public void handle(StreamRequest request, StreamResponse response) throws IOException {
        ProjectModel model = models.get();
        if (model == null) {
            throw PublicException.conflict("the session is not running yet; try again when it is");
        }
        CallContext call = new CallContext(
                "Model.Data",
                Channel.MUTUAL_TLS,
                request.caller(),
                UUID.randomUUID().toString(),
                request.remoteAddress());
        access.require(call, model.project(), Rights.READ);
        String id = request.pathParameter("entity");
        Entity entity = model.entity(id, version(request));
        DataRef data = entity.data();
        if (data == null) {
            throw PublicException.notFound("entity " + id + " has no data");
        }
        String etag = "\"" + data.sha256() + "\"";
        response.header("ETag", etag)
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "private, no-cache")
                .header("Content-Type", "application/octet-stream")
                .header("X-Content-Type-Options", "nosniff");
        if (matches(request.header("If-None-Match"), etag)) {
            response.status(304).send();
            return;
        }
        Optional<ByteRange> range = Optional.empty();
        if (request.header("If-Range").map(etag::equals).orElse(true)) {
            try {
                range = ByteRange.parse(request.header("Range").orElse(null), data.size());
            } catch (PublicException e) {
                response.header("Content-Range", "bytes */" + data.size());
                throw e;
            }
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(data.size());
        range.ifPresent(part -> response.status(206).header("Content-Range", part.contentRange(data.size())));
        if (data.isInline()) {
            try (OutputStream out = response.body(length)) {
                out.write(data.inline(), (int) first, (int) length);
            }
            return;
        }
        // A whole payload that is not cached yet goes to the client while it is copied into the
        // cache (the client sees progress at once, and a large first read is not delayed by the
        // copy); a part of one is served from the copy once it is made. The answer starts with
        // the first byte, so a payload GridFS cannot give at all is still an error answer.
        boolean whole = range.isEmpty();
        FirstByteStarts client = new FirstByteStarts(() -> response.body(length));
        Optional<FileChannel> cached = cache.open(data.sha256(), data.size(), copy -> {
            if (whole) {
                copyChunks(model, entity, 0, data.size(), new Both(copy, client));
            } else {
                copyChunks(model, entity, 0, data.size(), copy);
            }
        });
        if (client.started()) {
            cached.ifPresent(DataEndpoint::closeQuietly);
            client.close();
            return;
        }
        if (cached.isPresent()) {
            try (FileChannel file = cached.get();
                    OutputStream out = response.body(length)) {
                copyFile(file, first, length, out);
            }
            return;
        }
        try (OutputStream out = response.body(length)) {
            copyChunks(model, entity, first, length, out);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // A read-only channel: closing it cannot lose anything.
        }
    }

    /**
     * Bytes {@code first} to {@code first + length} of a cached payload, in large writes. The
     * file is mapped a window at a time and copied straight from the page cache into the write
     * buffer (a read into a heap buffer would copy every byte twice).
     */
    private static void copyFile(FileChannel file, long first, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(FILE_BUFFER, Math.max(length, 1))];
        long position = first;
        long end = first + length;
        while (position < end) {
            long window = Math.min(FILE_WINDOW, end - position);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mapped = file.map(FileChannel.MapMode.READ_ONLY, position, window, arena);
                for (long offset = 0; offset < window; ) {
                    int n = (int) Math.min(buffer.length, window - offset);
                    MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, offset, buffer, 0, n);
                    out.write(buffer, 0, n);
                    offset += n;
                }
            } catch (InternalError e) {
                // What the JVM throws when a mapped file shrinks under a reader (only something
                // other than the cache could do that): the answer is cut, as on any read error.
                throw new IOException("the cached payload changed while it was served", e);
            }
            position += window;
        }
    }

    private void copyChunks(ProjectModel model, Entity entity, long first, long length, OutputStream out)
            throws IOException {
        DataRef data = entity.data();
        // The chunks are read in windows of a few, each one query: a single GridFS download
        // stream asks for every remaining chunk at once, which the embedded database answers in
        // one reply (over the driver's 48 MB limit for a 100 MiB payload), and reading in pieces
        // through new streams queries the chunks again for every piece.
        ObjectId fileId = new ObjectId(data.gridFsId());
        GridFSBucket bucket = model.collections().blobs();
        GridFSFile file = bucket.find(Filters.eq("_id", fileId)).first();
        if (file == null) {
            throw new IllegalStateException(
                    "payload " + data.gridFsId() + " of entity " + entity.id() + " is missing from GridFS");
        }
        MongoCollection<Document> chunks = database.getCollection(bucket.getBucketName() + ".chunks");
        int chunkSize = file.getChunkSize();
        long position = first;
        long end = first + length;
        int next = (int) (first / chunkSize);
        while (position < end) {
            int window = next;
            for (Document chunk : chunks.find(Filters.and(
                            Filters.eq("files_id", fileId),
                            Filters.gte("n", window),
                            Filters.lt("n", window + chunksPerQuery)))
                    .sort(Sorts.ascending("n"))) {
                if (chunk.getInteger("n") != next) {
                    throw missing(entity, position);
                }
                byte[] bytes = chunk.get("data", Binary.class).getData();
                long chunkStart = (long) next * chunkSize;
                int from = (int) (position - chunkStart);
                int to = (int) Math.min(bytes.length, end - chunkStart);
                if (from < to) {
                    out.write(bytes, from, to - from);
                    position += to - from;
                }
                next++;
                if (position >= end) {
                    break;
                }
            }
            if (next == window) {
                throw missing(entity, position);
            }
        }
    }

    private static IllegalStateException missing(Entity entity, long at) {
        return new IllegalStateException("payload of entity " + entity.id() + " ends at byte " + at
                + ", before its recorded size " + entity.data().size());
    }

    private static Long version(StreamRequest request) {
        Optional<String> text = request.queryParameter("version");
        if (text.isEmpty()) {
            return null;
        }
        try {
            long version = Long.parseLong(text.get());
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new PublicException("version must be a model version number (0 or more), not '" + text.get() + "'");
        }
    }

    /** The answer's body, started (status and headers sent) by the first byte written to it. */
    private static final class FirstByteStarts extends OutputStream {
        private final Supplier<OutputStream> start;
        private OutputStream body;

        FirstByteStarts(Supplier<OutputStream> start) {
            this.start = start;
        }

        boolean started() {
            return body != null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (body == null) {
                body = start.get();
            }
            body.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }

    /** Writes to two streams: the cache's copy and the client (closing neither). */
    private static final class Both extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Both(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }

    /** Whether an {@code If-None-Match} list names this ETag (or is {@code *}). */
    static boolean matches(Optional<String> ifNoneMatch, String etag) {
        if (ifNoneMatch.isEmpty()) {
            return false;
        }
        for (String candidate : ifNoneMatch.get().split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
