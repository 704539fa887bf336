package org.opentwinj.services.lss.pool;

import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;

/** The LSS's settings of its warm pool, each with its {@code OPEN_TWIN_*} variable. */
public final class PoolSettings {
    public static final Setting<Integer> POOL_SIZE = Setting.of(
            "pool-size",
            "warm, unassigned service JVMs this LSS keeps to hand to sessions (0: none; processes, or pods with the kubernetes spawner)",
            2,
            ValueParsers.integer(0, 64));
    public static final Setting<Integer> POOL_NICE = Setting.of(
            "pool-nice",
            "the niceness pooled JVMs start with, so refilling yields to running sessions (0-19; they keep it once assigned)",
            10,
            ValueParsers.integer(0, 19));
    public static final Setting<Long> POOL_WARM_TIMEOUT_MS = Setting.of(
            "pool-warm-timeout-ms",
            "how long a pooled JVM may take to warm up before it is replaced (long: at low priority on a busy machine it"
                    + " warms slowly, and killing it wastes what it did)",
            600_000L,
            ValueParsers.longValue(1_000, 3_600_000));

    public static final Setting<Long> POOL_REFILL_DELAY_MS = Setting.of(
            "pool-refill-delay-ms",
            "how long the local pool waits, after the take that made it short of its size, before it refills (the"
                    + " handed-out JVM becomes its service meanwhile, without a new JVM's start beside it on the CPU)",
            2_000L,
            ValueParsers.longValue(0, 60_000));

    public static final List<Setting<?>> ALL =
            List.of(POOL_SIZE, POOL_NICE, POOL_WARM_TIMEOUT_MS, POOL_REFILL_DELAY_MS);

    private PoolSettings() {}
}
