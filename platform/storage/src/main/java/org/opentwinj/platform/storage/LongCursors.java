package org.opentwinj.platform.storage;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.cursor.TimeoutMode;
import java.util.concurrent.TimeUnit;

/**
 * Cursors that may run long on purpose (an export reads every document of a project). The
 * operation timeout of {@link DatabaseConnection} bounds a cursor over its whole life by
 * default; such a cursor is bounded per batch instead, so that it still ends when the database
 * stops answering, but not because a long export is merely long.
 */
public final class LongCursors {
    private LongCursors() {}

    /** @return the cursor, bounded per batch when the collection has an operation timeout */
    public static <T> FindIterable<T> perBatch(MongoCollection<?> collection, FindIterable<T> find) {
        return collection.getTimeout(TimeUnit.MILLISECONDS) == null ? find : find.timeoutMode(TimeoutMode.ITERATION);
    }
}
