package org.opentwinj.services.model.store;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.opentwinj.platform.error.PublicException;

/**
 * Large payloads in the project's GridFS bucket. Each file's metadata names the save (and
 * model version) that wrote it, so that what an interrupted save left can be found; staged
 * parts of an upload larger than one message carry the upload id until a save joins them.
 */
public final class BlobStore {
    /** GridFS chunk size: 1 MiB keeps chunk documents far below MongoDB's 16 MiB limit. */
    static final int CHUNK = 1024 * 1024;

    private final GridFSBucket bucket;

    public BlobStore(GridFSBucket bucket) {
        this.bucket = bucket;
    }

    /** Stores a payload written by a save; returns its id (hex). */
    public String store(InputStream data, String entity, long version, String saveId) {
        ObjectId id = bucket.uploadFromStream(
                entity + "@" + version,
                data,
                new GridFSUploadOptions()
                        .chunkSizeBytes(CHUNK)
                        .metadata(new Document("saveId", saveId)
                                .append("version", version)
                                .append("entity", entity)));
        return id.toHexString();
    }

    /** Stores one part of a staged upload. */
    public void stagePart(String upload, int part, byte[] data) {
        bucket.uploadFromStream(
                upload + "." + part,
                new ByteArrayInputStream(data),
                new GridFSUploadOptions()
                        .chunkSizeBytes(CHUNK)
                        .metadata(new Document("upload", upload).append("part", part)));
    }

    /** The parts of a staged upload in order, as one stream; 404 when there is no such upload. */
    public InputStream staged(String upload) {
        List<GridFSFile> parts = new ArrayList<>();
        bucket.find(Filters.eq("metadata.upload", upload))
                .sort(new Document("metadata.part", 1))
                .forEach(parts::add);
        if (parts.isEmpty()) {
            throw PublicException.notFound("no staged upload '" + upload + "'");
        }
        List<InputStream> streams = new ArrayList<>();
        for (GridFSFile part : parts) {
            streams.add(bucket.openDownloadStream(part.getObjectId()));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** The bytes staged so far for an upload (0 when there is none). */
    public long stagedSize(String upload) {
        long[] size = {0};
        bucket.find(Filters.eq("metadata.upload", upload)).forEach(part -> size[0] += part.getLength());
        return size[0];
    }

    /** The number of parts staged so far for an upload. */
    public int stagedParts(String upload) {
        List<GridFSFile> parts = new ArrayList<>();
        bucket.find(Filters.eq("metadata.upload", upload)).forEach(parts::add);
        return parts.size();
    }

    /** Reads up to {@code length} bytes from {@code offset}. */
    public byte[] read(String id, long offset, int length) {
        try (GridFSDownloadStream stream = bucket.openDownloadStream(new ObjectId(id))) {
            long skipped = 0;
            while (skipped < offset) {
                long step = stream.skip(offset - skipped);
                if (step <= 0) {
                    break;
                }
                skipped += step;
            }
            return stream.readNBytes(length);
        } catch (MongoGridFSException e) {
            throw new IllegalStateException("payload " + id + " is missing from GridFS", e);
        } catch (IOException e) {
            throw new IllegalStateException("payload " + id + " cannot be read", e);
        }
    }

    /** Writes a whole payload to a consumer in chunks, for export. */
    public void copy(String id, Consumer<byte[]> chunks) {
        try (GridFSDownloadStream stream = bucket.openDownloadStream(new ObjectId(id))) {
            byte[] buffer;
            while ((buffer = stream.readNBytes(CHUNK)).length > 0) {
                chunks.accept(buffer);
            }
        } catch (IOException e) {
            throw new IllegalStateException("payload " + id + " cannot be read", e);
        }
    }

    public boolean exists(String id) {
        return bucket.find(Filters.eq("_id", new ObjectId(id))).first() != null;
    }

    /** Removes the payloads written by saves of these versions (that never became visible). */
    public int deleteVersions(List<Long> versions) {
        return deleteWhere(Filters.in("metadata.version", versions));
    }

    /** Removes the payloads one save wrote (it never became visible). */
    public int deleteSave(long version, String saveId) {
        return deleteWhere(Filters.and(Filters.eq("metadata.version", version), Filters.eq("metadata.saveId", saveId)));
    }

    /** Removes the parts of staged uploads. */
    public int deleteStaged(String upload) {
        return deleteWhere(Filters.eq("metadata.upload", upload));
    }

    /** Removes staged parts left by uploads that no save used, older than the cut-off. */
    public int deleteStagedBefore(Instant cutOff) {
        return deleteWhere(Filters.and(Filters.exists("metadata.upload"), Filters.lt("uploadDate", Date.from(cutOff))));
    }

    private int deleteWhere(Bson filter) {
        List<ObjectId> ids = new ArrayList<>();
        bucket.find(filter).forEach(file -> ids.add(file.getObjectId()));
        ids.forEach(bucket::delete);
        return ids.size();
    }
}
