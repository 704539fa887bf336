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

    public Recovery(
            EntityStore entities,
            StateStore states,
            HeadStore heads,
            BlobStore blobs,
            ModelOptions options,
            Clock clock) {
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

    /**
     * Resolves the head's pending save, if any. Safe while that save's writer still runs (a
     * writer whose lease ran out): the save's number is claimed by an abort marker first, so its
     * state document can no longer be written, and only documents tagged with the save are removed.
     */
    public void recover(Head head) {
        Head.Pending pending = head.pending();
        if (pending == null) {
            return;
        }
        if (states.abort(pending.version(), pending.saveId())) {
            removeWrittenBy(pending.saveId(), pending.version());
            heads.release(pending.saveId());
            return;
        }
        if (states.find(pending.version())
                .map(v -> pending.saveId().equals(v.saveId()))
                .orElse(false)) {
            heads.commit(pending.saveId(), pending.version());
            LOG.info(
                    "finished save {}: version {} was written before the save was interrupted",
                    pending.saveId(),
                    pending.version());
        } else {
            // Another save's version holds the number: the head handed out a number already used.
            LOG.error(
                    "save {} was given number {}, which another version holds; undoing the save and raising the next number",
                    pending.saveId(),
                    pending.version());
            removeWrittenBy(pending.saveId(), pending.version());
            heads.release(pending.saveId());
            heads.raiseNextVersion(Math.max(states.highestNumber(), entities.highestVersion()) + 1);
        }
    }

    /**
     * Cleans up after a save whose writer failed: resolves it when it still holds the head;
     * otherwise its lease ran out and another writer resolved it, and only what the writer wrote
     * since is left to remove.
     */
    public void giveUp(String saveId, long number) {
        Head head = heads.read();
        if (head.pending() != null && head.pending().saveId().equals(saveId)) {
            recover(head);
        } else if (states.abort(number, saveId)) {
            removeWrittenBy(saveId, number);
        }
    }

    private void removeWrittenBy(String saveId, long number) {
        long removed = entities.deleteSave(number, saveId);
        int payloads = blobs.deleteSave(number, saveId);
        LOG.info(
                "undid interrupted save {} of version {}: removed {} entity documents and {} payloads",
                saveId,
                number,
                removed,
                payloads);
    }

    /**
     * Run when the model is opened by its (only) writer: resolves a pending save whatever its
     * age, removes what earlier interrupted saves left, and staged uploads older than the lease.
     */
    public void recoverOnOpen() {
        recover(heads.read());
        long highest = Math.max(states.highestNumber(), entities.highestVersion());
        if (highest >= heads.read().nextVersion() && heads.raiseNextVersion(highest + 1)) {
            LOG.warn("the next version number was behind the stored versions (highest {}); raised it", highest);
        }
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
                LOG.info(
                        "removed {} entity documents and {} payloads of {} saves that never finished",
                        removed,
                        payloads,
                        abandoned.size());
            }
        }
        int staged = blobs.deleteStagedBefore(clock.instant().minus(options.saveLease()));
        if (staged > 0) {
            LOG.info("removed {} staged upload parts no save used", staged);
        }
    }
}
