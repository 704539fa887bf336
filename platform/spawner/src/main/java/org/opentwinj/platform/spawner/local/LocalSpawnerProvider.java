package org.opentwinj.platform.spawner.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.SpawnerProvider;
import org.opentwinj.platform.spawner.SpawnerSite;

/** The {@code local} spawner: session services as processes on the LSS's machine (or in its container). */
public final class LocalSpawnerProvider implements SpawnerProvider {
    static final Setting<String> PORT_RANGE = Setting.of(
            "port-range", "local: ports for session services (first-last)", "20000-20999", ValueParsers.STRING);
    static final Setting<List<String>> SESSION_JAVA_OPTIONS = Setting.of(
            "session-java-options",
            "local: extra JVM options for session services (comma-separated)",
            List.of(),
            ValueParsers.LIST);

    @Override
    public String name() {
        return LocalProcessSpawner.NAME;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(PORT_RANGE, SESSION_JAVA_OPTIONS);
    }

    @Override
    public LocalSpawnerConfig configure(Settings settings, SpawnerSite site) {
        String range = settings.get(PORT_RANGE);
        String[] parts = range.split("-");
        int first;
        int last;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            first = Integer.parseInt(parts[0].strip());
            last = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw configError("invalid --port-range '" + range + "': write first-last, e.g. 20000-20999");
        }
        if (first < 1 || last > 65535 || first > last) {
            throw configError("invalid --port-range '" + range + "': port range " + first + "-" + last
                    + " is not within 1-65535");
        }
        InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(site.bindHost());
        } catch (UnknownHostException e) {
            throw configError("cannot resolve --bind " + site.bindHost() + ": " + e.getMessage());
        }
        // URI.getHost() keeps the brackets of an IPv6 address: the URL adds them again, the certificate names it
        // without.
        String publishHost = site.lssUrl().getHost().replaceAll("^\\[(.*)]$", "$1");
        return new LocalSpawnerConfig(
                publishHost,
                site.bindHost(),
                bindAddress,
                site.workDirectory(),
                site.launcherCommand(),
                settings.get(SESSION_JAVA_OPTIONS),
                first,
                last);
    }

    private static ExitException configError(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
