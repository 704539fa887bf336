package org.opentwinj.platform.spawner.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.LaunchBackend;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.ServiceLaunch;
import org.opentwinj.platform.spawner.SpawnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session services as processes of this distribution on the LSS's machine: each gets a free
 * port of the range and a folder of its own under the work directory, where its private files
 * are written (readable by this user alone); its output goes to a log file that is kept after
 * the session, for troubleshooting.
 */
final class LocalLaunchBackend implements LaunchBackend<ProcessRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLaunchBackend.class);

    private final LocalSpawnerConfig config;
    private final PortAllocator ports;

    LocalLaunchBackend(LocalSpawnerConfig config, PortAllocator ports) {
        this.config = config;
        this.ports = ports;
    }

    @Override
    public Endpoint place(String session, String service) {
        int port = ports.allocate();
        String host = config.publishHost().contains(":") ? "[" + config.publishHost() + "]" : config.publishHost();
        return new Endpoint(port, URI.create("https://" + host + ":" + port));
    }

    @Override
    public void reserve(Endpoint endpoint) {
        ports.reserve(endpoint.port());
    }

    @Override
    public String bindAddress() {
        return config.bindHost();
    }

    /** The machine's published name and the loopback names: a service on this machine is dialled by them. */
    @Override
    public List<String> hostNames(String session, String service, Endpoint endpoint) {
        return List.of(config.publishHost(), "localhost", "127.0.0.1");
    }

    @Override
    public String filesDirectory(String session, String service) {
        return directory(session, service).toString();
    }

    @Override
    public ProcessRequest request(ServiceLaunch launch) {
        Path directory = directory(launch.session(), launch.service());
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : launch.files().entrySet()) {
                writePrivately(directory.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new SpawnException(
                    "cannot write the files of " + launch.service() + " to " + directory + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(config.launcherCommand());
        // Extra JVM options go right after the java binary.
        command.addAll(1, config.jvmOptions());
        command.addAll(List.of("run", launch.serviceType()));
        command.addAll(launch.arguments());
        // They run in the work directory, not in their own folder: what a service leaves there (a JVM's crash
        // report) outlives the folder, which goes with the service.
        return new ProcessRequest(
                launch.session(),
                launch.service(),
                command,
                launch.environment(),
                config.workDirectory(),
                logFile(launch.session(), launch.service()));
    }

    /** Written next to the file, readable by this user alone, then moved over it: a reader never sees half a key. */
    private static void writePrivately(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void release(String session, String service, Endpoint endpoint) {
        if (endpoint != null && endpoint.port() > 0) {
            ports.release(endpoint.port());
        }
        Path directory = directory(session, service);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
            // The session's folder goes with its last service.
            try (Stream<Path> left = Files.list(directory.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(directory.getParent());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove the files of {} of session {} in {}", service, session, directory, e);
        }
    }

    /** A service's own folder for its private files: private to this LSS, removed when the service stops for good. */
    private Path directory(String session, String service) {
        return config.workDirectory().resolve("sessions").resolve(session).resolve(service);
    }

    /** A service's output (JSON log lines), kept after the session for troubleshooting. */
    Path logFile(String session, String service) {
        return config.workDirectory().resolve("logs").resolve(session + "-" + service + ".log");
    }
}
