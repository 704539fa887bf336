package org.opentwinj.cli.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the local level puts things: the data directory's folders and the services
 * {@code opentwin up} starts, with their ports. Everything binds to the loopback address by
 * default: a laptop's platform is not reachable from the network unless asked.
 *
 * @param dataDirectory the root of all state (certificates, logs, run files)
 * @param host          the address services publish and bind
 * @param services      the services to start, in start order
 */
public record LocalLayout(Path dataDirectory, String host, List<LocalService> services) {
    /**
     * @param name the service name as {@code opentwin run} knows it
     * @param port the port it listens on
     */
    public record LocalService(String name, int port) {}

    /** The services that exist in this version, on the ports the original used where it had them. */
    public static List<LocalService> defaultServices() {
        return List.of(new LocalService("echo", 8095));
    }

    public Path pki() {
        return dataDirectory.resolve("pki");
    }

    public Path logs() {
        return dataDirectory.resolve("logs");
    }

    public Path run() {
        return dataDirectory.resolve("run");
    }

    public Path stateFile() {
        return run().resolve("platform.json");
    }

    public URI url(LocalService service) {
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + service.port());
    }
}
