package org.opentwinj.services.gss.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.opentwinj.services.gss.lss.LssRecord;

/** Chooses where a new session goes: live LSSs with room for the type, least loaded first. */
final class LssPicker {
    private LssPicker() {}

    /**
     * @param all     every registered LSS
     * @param type    the session type asked for
     * @param now     the current time
     * @param timeout how old a last heartbeat may be for the LSS to count as live
     * @param load    the number of active sessions on an LSS
     * @return the candidates, best first: lowest share of capacity in use, then fewest sessions, then id
     */
    static List<LssRecord> candidates(
            List<LssRecord> all, String type, Instant now, Duration timeout, ToLongFunction<String> load) {
        record Loaded(LssRecord lss, long sessions) {
            double share() {
                return (double) sessions / lss.capacity();
            }
        }
        return all.stream()
                .filter(lss -> lss.sessionTypes().contains(type))
                .filter(lss -> lss.silentSince() == null)
                .filter(lss -> !lss.lastBeat().plus(timeout).isBefore(now))
                .map(lss -> new Loaded(lss, load.applyAsLong(lss.id())))
                .filter(loaded -> loaded.sessions() < loaded.lss().capacity())
                .sorted(Comparator.comparingDouble(Loaded::share)
                        .thenComparingLong(Loaded::sessions)
                        .thenComparing(loaded -> loaded.lss().id()))
                .map(Loaded::lss)
                .toList();
    }

    /**
     * Why {@link #candidates} found none, for the user and the operator: how many LSSs run the
     * type, and whether they are full or silent (not answering, or waited for in their grace period). Called with the same arguments.
     */
    static String whyNone(List<LssRecord> all, String type, Instant now, Duration timeout) {
        if (all.isEmpty()) {
            return "no LSS is registered";
        }
        // The caller refused a type no registered LSS runs before asking for candidates.
        List<LssRecord> forType =
                all.stream().filter(lss -> lss.sessionTypes().contains(type)).toList();
        long silent = forType.stream()
                .filter(lss -> lss.silentSince() != null
                        || lss.lastBeat().plus(timeout).isBefore(now))
                .count();
        // Every live one was left out for want of room.
        return forType.size() + " run them: " + (forType.size() - silent) + " full, " + silent
                + " without a heartbeat within " + timeout.toSeconds() + " s";
    }
}
