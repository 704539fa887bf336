package org.opentwinj.platform.compute;

import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;

/**
 * The settings every compute service has, read once.
 *
 * @param workers how many of its jobs run at once ({@code --compute-workers}, {@code OPEN_TWIN_COMPUTE_WORKERS})
 * @param queued  how many jobs may wait for a worker before {@code Command.Run} answers 503
 */
public record ComputeConfig(int workers, int queued) {
    static final Setting<Integer> WORKERS = Setting.of(
            "compute-workers", "how many jobs of this compute service run at once", 2, ValueParsers.integer(1, 64));
    static final Setting<Integer> QUEUED =
            Setting.of("compute-queue", "how many jobs may wait for a worker", 100, ValueParsers.integer(1, 10_000));

    public static List<Setting<?>> settings() {
        return List.of(WORKERS, QUEUED);
    }

    public static ComputeConfig from(Settings settings) {
        return new ComputeConfig(settings.get(WORKERS), settings.get(QUEUED));
    }
}
