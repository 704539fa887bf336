package org.opentwinj.platform.spawner;

import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;

/**
 * A kind of spawner the LSS can use, found with {@link java.util.ServiceLoader} (a module
 * lists its provider in {@code META-INF/services/org.opentwinj.platform.spawner.SpawnerProvider})
 * and chosen by {@link #name()} with {@code --spawner}. A provider is created for every LSS
 * (also for {@code --help}), so its constructor must be cheap and touch nothing.
 */
public interface SpawnerProvider {
    /** The short name {@code --spawner} chooses it by, e.g. {@code local}; unique. */
    String name();

    /**
     * Its settings, each a flag and an {@code OPEN_TWIN_*} variable, listed with the LSS's own
     * (in {@code --help} too); their names must not clash with the LSS's or another provider's.
     */
    List<Setting<?>> settings();

    /**
     * Reads and checks its settings, once, when the LSS starts with this spawner: before
     * anything is started or connected.
     *
     * @param settings the LSS's settings, which hold this provider's {@link #settings()}
     * @throws org.opentwinj.platform.exit.ExitException {@code INVALID_CONFIGURATION} with a
     *     one-line reason naming the bad setting
     */
    SpawnerConfig configure(Settings settings, SpawnerSite site);
}
