package org.opentwinj.services.model.save;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opentwinj.services.model.ModelOptions;
import org.opentwinj.services.model.store.BlobStore;
import org.opentwinj.services.model.store.EntityStore;
import org.opentwinj.services.model.version.Head;
import org.opentwinj.services.model.version.HeadStore;
import org.opentwinj.services.model.version.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or undoes what an interrupted save left: a save whose state document was written
 * is finished (the head moves to it: the version exists, so it is kept); any other is undone
 * (its entity documents and payloads removed, the head released). Also removes what earlier
 * interrupted saves left, found by version numbers that were handed out but have no state.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final EntityStore entities;
    private final StateStore states;
    private final HeadStore heads;
    private final BlobStore blobs;
    private final ModelOptions options;
    private final Clock clock;

    public Recovery(EntityStore entities, StateStore states, HeadStore heads, BlobStore blobs, ModelOptions options, Clock clock) {
        this.entities = entities;
        this.states = states;
        this.heads = heads;
        this.blobs = blobs;
        this.options = options;
        this.clock = clock;
    }

    /** Whether a save holding the head is older than the lease, so its writer must be gone. */
    boolean isStale(Head.Pending pending) {
        return pending.since().plus(options.saveLease()).isBefore(clock.instant());
    }

    /** Resolves the head's pending save, if any. Safe to run at any time by the only writer. */
    public void recover(Head head) {
        Head.Pending pending = head.pending();
        if (pending == null) {
            return;
        }
        if (states.findBySave(pending.saveId()).isPresent()) {
            heads.commit(pending.saveId(), pending.version());
            LOG.info("finished save {}: version {} was written before the save was interrupted", pending.saveId(), pending.version());
        } else {
            long removed = entities.deleteVersions(List.of(pending.version()));
            int payloads = blobs.deleteVersions(List.of(pending.version()));
            heads.release(pending.saveId());
            LOG.info("undid interrupted save {} of version {}: removed {} entity documents and {} payloads", pending.saveId(),
                    pending.version(), removed, payloads);
        }
    }

    /**
     * Run when the model is opened by its (only) writer: resolves a pending save whatever its
     * age, removes what earlier interrupted saves left, and staged uploads older than the lease.
     */
    public void recoverOnOpen() {
        recover(heads.read());
        Head head = heads.read();
        Set<Long> existing = states.numbers();
        List<Long> abandoned = new ArrayList<>();
        for (long number = 1; number < head.nextVersion(); number++) {
            if (!existing.contains(number)) {
                abandoned.add(number);
            }
        }
        if (!abandoned.isEmpty()) {
            long removed = entities.deleteVersions(abandoned);
            int payloads = blobs.deleteVersions(abandoned);
            if (removed + payloads > 0) {
                LOG.info("removed {} entity documents and {} payloads of {} saves that never finished", removed, payloads, abandoned.size());
            }
        }
        int staged = blobs.deleteStagedBefore(clock.instant().minus(options.saveLease()));
        if (staged > 0) {
            LOG.info("removed {} staged upload parts no save used", staged);
        }
    }
}
