package org.opentwinj.services.model.data;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
import org.opentwinj.services.model.store.DataRef;
import org.opentwinj.services.model.store.Entity;

/**
 * {@code GET /data/{entity}?version=V}: an entity's payload as raw bytes (inline or from
 * GridFS), for the data path that brings large results to clients (relay, web service) without
 * base64 or JSON. Over mutual TLS with the user's token, as actions on a user's behalf; the
 * user needs read access to the project. The answer has a Content-Length, an ETag (the
 * payload's SHA-256) that {@code If-None-Match} revalidates (304), and serves one
 * {@code Range} (206, honouring {@code If-Range}), so a client fetches a large payload in parts.
 */
public final class DataEndpoint implements StreamHandler {
    /** The route's path; the relay's {@code /data/{session}/{entity}} passes on to it. */
    public static final String PATH = "/data/{entity}";
    /** Bytes written to the client at a time: one GridFS chunk. */
    static final int PIECE = 1024 * 1024;

    private final Supplier<ProjectModel> models;
    private final ProjectAccess access;
    private final int piece;

    /**
     * @param models the model the service serves, or null while the session's Run has not come
     * @param access decides whether the caller may read the project
     */
    public DataEndpoint(Supplier<ProjectModel> models, ProjectAccess access) {
        this(models, access, PIECE);
    }

    /** With writes of {@code piece} bytes (tests use small ones to cross pieces and chunks). */
    DataEndpoint(Supplier<ProjectModel> models, ProjectAccess access, int piece) {
        this.models = models;
        this.access = access;
        this.piece = piece;
    }

    /** The route to add to the service: mutual TLS, as every Model action. */
    public static StreamRoute route(Supplier<ProjectModel> models, ProjectAccess access) {
        return new StreamRoute(PATH, StreamRoute.Access.MUTUAL_TLS, new DataEndpoint(models, access));
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
        try (OutputStream out = response.body(length)) {
            write(model, entity, first, length, out);
        }
    }

    private void write(ProjectModel model, Entity entity, long first, long length, OutputStream out)
            throws IOException {
        DataRef data = entity.data();
        if (data.isInline()) {
            out.write(data.inline(), (int) first, (int) length);
            return;
        }
        // One download stream for the whole answer: its cursor reads the GridFS chunks once, in
        // order (reading in pieces would query the chunks again for every piece).
        try (GridFSDownloadStream in = model.collections().blobs().openDownloadStream(new ObjectId(data.gridFsId()))) {
            long skipped = 0;
            while (skipped < first) {
                long step = in.skip(first - skipped);
                if (step <= 0) {
                    throw missing(entity, first + skipped);
                }
                skipped += step;
            }
            byte[] buffer = new byte[piece];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw missing(entity, first + length - left);
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        } catch (MongoGridFSException e) {
            throw new IllegalStateException(
                    "payload " + data.gridFsId() + " of entity " + entity.id() + " is missing from GridFS", e);
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
