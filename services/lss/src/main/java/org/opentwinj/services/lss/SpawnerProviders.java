package org.opentwinj.services.lss;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.SpawnerProvider;

/**
 * The spawners this LSS can use: the providers on its class path, by name. The {@code local}
 * one is always there; others come with their module (the {@code lss-kubernetes} image has
 * the {@code kubernetes} one, the {@code lss} image does not).
 */
final class SpawnerProviders {
    /**
     * Spawners of the distribution that some images leave out, and what to run instead: a name
     * an operator may rightly give, which deserves more than "unknown".
     */
    private static final Map<String, String> IN_OTHER_IMAGES = Map.of(
            "kubernetes",
            "the lss image starts session services as processes; run the lss-kubernetes image for --spawner kubernetes");

    private final Map<String, SpawnerProvider> byName;

    /**
     * @throws IllegalStateException when two providers have one name, or their settings clash
     *     with each other's or with {@code ownSettings} (a broken distribution)
     */
    SpawnerProviders(List<SpawnerProvider> providers, List<Setting<?>> ownSettings) {
        Map<String, SpawnerProvider> named = new TreeMap<>();
        Set<String> settingNames = new HashSet<>();
        ownSettings.forEach(setting -> settingNames.add(setting.name()));
        for (SpawnerProvider provider : providers) {
            if (named.put(provider.name(), provider) != null) {
                throw new IllegalStateException("two spawner providers are named " + provider.name());
            }
            for (Setting<?> setting : provider.settings()) {
                if (!settingNames.add(setting.name())) {
                    throw new IllegalStateException("the " + provider.name() + " spawner's setting --" + setting.name()
                            + " is already defined");
                }
            }
        }
        this.byName = Map.copyOf(named);
    }

    /** The providers of the class path ({@code META-INF/services}). */
    static SpawnerProviders load(List<Setting<?>> ownSettings) {
        List<SpawnerProvider> providers = new ArrayList<>();
        ServiceLoader.load(SpawnerProvider.class, SpawnerProviders.class.getClassLoader())
                .forEach(providers::add);
        return new SpawnerProviders(providers, ownSettings);
    }

    /** The names found, sorted. */
    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The settings of every provider, after each other in the order of their names. */
    List<Setting<?>> settings() {
        List<Setting<?>> settings = new ArrayList<>();
        names().forEach(name -> settings.addAll(byName.get(name).settings()));
        return settings;
    }

    /**
     * @throws ExitException {@code INVALID_CONFIGURATION} for a name no provider has: naming the
     *     image that has it, or listing the names there are
     */
    SpawnerProvider named(String name) {
        SpawnerProvider provider = byName.get(name);
        if (provider != null) {
            return provider;
        }
        if (IN_OTHER_IMAGES.containsKey(name)) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "this LSS has no " + name + " spawner (its module is not on the class path; valid here: "
                            + String.join(", ", names()) + "): " + IN_OTHER_IMAGES.get(name));
        }
        throw new ExitException(
                ExitCode.INVALID_CONFIGURATION,
                "unknown --spawner '" + name + "'; valid: " + String.join(", ", names()));
    }
}
