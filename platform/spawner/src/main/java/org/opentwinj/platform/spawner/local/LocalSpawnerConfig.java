package org.opentwinj.platform.spawner.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerConfig;

/**
 * How session services are launched as processes on the LSS's machine.
 *
 * @param publishHost     the host their URLs name (the LSS's own published host)
 * @param bindHost        the address they bind
 * @param bindAddress     {@code bindHost} resolved, to test that a port is free there
 * @param workDirectory   where their certificates and logs go, one folder per session
 * @param launcherCommand the command that runs the launcher (java, its options, class path, main class)
 * @param jvmOptions      extra JVM options for them, after the java binary
 * @param firstPort       the lowest port they get
 * @param lastPort        the highest port they get
 */
public record LocalSpawnerConfig(
        String publishHost,
        String bindHost,
        InetAddress bindAddress,
        Path workDirectory,
        List<String> launcherCommand,
        List<String> jvmOptions,
        int firstPort,
        int lastPort)
        implements SpawnerConfig {
    public LocalSpawnerConfig {
        Objects.requireNonNull(publishHost, "publishHost");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(workDirectory, "workDirectory");
        if (launcherCommand.isEmpty()) {
            throw new IllegalArgumentException("the launcher command must not be empty");
        }
        launcherCommand = List.copyOf(launcherCommand);
        jvmOptions = List.copyOf(jvmOptions);
        if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
            throw new IllegalArgumentException("port range " + firstPort + "-" + lastPort + " is not within 1-65535");
        }
    }

    @Override
    public SpawnerBackend<?> create() {
        return SpawnerBackend.of(
                new LocalProcessSpawner(),
                new LocalLaunchBackend(this, new PortAllocator(firstPort, lastPort, bindAddress)));
    }

    @Override
    public String describe() {
        return "processes on ports " + firstPort + "-" + lastPort + "; work directory " + workDirectory;
    }
}
