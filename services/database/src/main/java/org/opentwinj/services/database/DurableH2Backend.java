package org.opentwinj.services.database;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server's H2 backend made to honour a journaled write concern: its MVStore does
 * not commit in the background (by default it does about once a second, so a crash lost the
 * last second of acknowledged writes); instead every command that wrote commits the store
 * and syncs the file (fsync) before its reply goes out. Writers that arrive while a commit
 * runs share the next one ({@link GroupCommit}). Reads commit nothing; a read that finds
 * another command's change not yet committed waits for that commit too, since the store
 * cannot tell whose change it is.
 */
public final class DurableH2Backend extends H2Backend {
    private static final Logger LOG = LoggerFactory.getLogger(DurableH2Backend.class);
    /**
     * The commands that write (lower case). A command not listed that changed the store anyway
     * (an aggregation with {@code $out}, a database opened for the first time) is found by the
     * store's unsaved changes.
     */
    static final Set<String> WRITES = Set.of(
            "insert",
            "update",
            "delete",
            "findandmodify",
            "create",
            "createindexes",
            "drop",
            "dropindexes",
            "dropdatabase",
            "renamecollection");

    private final MVStore store;
    private final String file;
    private final GroupCommit commits;

    private DurableH2Backend(MVStore store, String file) {
        super(store);
        this.store = store;
        this.file = file;
        this.commits = new GroupCommit(this::commitAndSync);
    }

    /** Opens (or creates) the database file; nothing is committed but by a write's own commit. */
    public static DurableH2Backend open(Path file) {
        return open(file.toString());
    }

    /** Like {@link #open(Path)}, for a file name in H2's syntax (which may name a file system, as tests do). */
    static DurableH2Backend open(String fileName) {
        LOG.info("opening MVStore in '{}' (committed and synced before each write is answered)", fileName);
        MVStore store =
                new MVStore.Builder().fileName(fileName).autoCommitDisabled().open();
        return new DurableH2Backend(store, fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply;
        try {
            reply = super.handleCommand(channel, database, command, query);
        } catch (RuntimeException e) {
            // A failed write (say a duplicate key in the middle of an insert of many) may have
            // written part of its documents: they are made durable like any other change.
            try {
                syncIfWritten(command);
            } catch (RuntimeException syncFailure) {
                e.addSuppressed(syncFailure);
            }
            throw e;
        }
        syncIfWritten(command);
        return reply;
    }

    private void syncIfWritten(String command) {
        if (WRITES.contains(command.toLowerCase(Locale.ROOT)) || store.hasUnsavedChanges()) {
            commits.awaitDurable();
        }
    }

    private void commitAndSync() {
        try {
            store.commit();
            store.sync();
        } catch (RuntimeException e) {
            LOG.error("could not write the database file {}: the write is not acknowledged", file, e);
            throw e;
        }
    }

    /** Whether the file store is still open; it closes itself after an error it cannot recover from. */
    public boolean isWritable() {
        return !store.isClosed();
    }

    /** Commits (each one sync) run so far; writers that waited together shared one. */
    long commits() {
        return commits.rounds();
    }
}
