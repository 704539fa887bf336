package org.opentwinj.platform.spawner.kubernetes;

import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.spawner.SpawnerProvider;
import org.opentwinj.platform.spawner.SpawnerSite;

/** The {@code kubernetes} spawner: session services as pods in the LSS's namespace. */
public final class KubernetesSpawnerProvider implements SpawnerProvider {
    @Override
    public String name() {
        return KubernetesSpawner.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return KubernetesSettings.ALL;
    }

    @Override
    public KubernetesConfig configure(Settings settings, SpawnerSite site) {
        return new KubernetesConfig(
                KubernetesSettings.spawnerConfig(settings, site.lssId(), KubernetesSettings.POD_NAMESPACE_FILE),
                KubernetesSettings.launchConfig(settings),
                KubernetesSettings.poolSettings(settings));
    }
}
