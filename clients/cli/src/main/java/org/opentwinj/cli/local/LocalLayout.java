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
     * @param name      the service name as {@code opentwin run} knows it
     * @param port      the port of its HTTPS endpoints
     * @param extraPort a second port it needs (the database's wire port), or 0
     */
    public record LocalService(String name, int port, int extraPort) {
        LocalService shifted(int offset) {
            return new LocalService(name, port + offset, extraPort == 0 ? 0 : extraPort + offset);
        }
    }

    static final String DATABASE = "database";
    static final String LOGGER = "logger";
    static final String AUTH = "auth";
    static final String GSS = "gss";
    static final String LSS = "lss";
    static final String RELAY = "relay";
    static final String WEB = "web";
    /** Session services get ports from this range (shifted with the other ports). */
    static final int SESSION_PORTS_FIRST = 9100;

    static final int SESSION_PORTS_LAST = 9399;

    /**
     * The global services, in start order: the logger first (everyone ships logs to it), the
     * database, AUTH, the GSS (it checks AUTH), the relay (it asks the GSS for routes), and
     * the LSS (it registers at the GSS), and the web client last. GSS and AUTH keep the
     * original's ports.
     */
    public static List<LocalService> defaultServices() {
        return List.of(
                new LocalService(LOGGER, 8090, 0),
                new LocalService(DATABASE, 8089, 27018),
                new LocalService(AUTH, 8092, 0),
                new LocalService(GSS, 8091, 0),
                new LocalService(RELAY, 8094, 0),
                new LocalService(LSS, 8093, SESSION_PORTS_FIRST),
                new LocalService(WEB, 8443, 0));
    }

    /**
     * The services a service needs ready before {@code up} starts it; the others start at the
     * same time, side by side. AUTH, the GSS and the LSS open the database at start ({@code up}
     * also creates the first admin there before AUTH starts). The logger is no one's: a service's
     * log shipping holds its records until the logger takes the first batch.
     */
    public static List<String> startDependencies(String name) {
        return switch (name) {
            case AUTH, GSS, LSS -> List.of(DATABASE);
            default -> List.of();
        };
    }

    /**
     * The services a service checks at start by waiting for them ({@code --gss-url},
     * {@code --auth-url}; {@link ServiceArguments#PEER_WAIT_MS}): it boots beside them instead of
     * after them, and cannot be ready before them.
     */
    public static List<String> startPeers(String name) {
        return switch (name) {
            case GSS -> List.of(AUTH);
            case RELAY, WEB, LSS -> List.of(AUTH, GSS);
            default -> List.of();
        };
    }

    /** The connection string of the embedded database, as services get it. */
    public String databaseUrl() {
        LocalService database = services.stream()
                .filter(s -> s.name().equals(DATABASE))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no database in the layout"));
        return "mongodb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + database.extraPort()
                + "/opentwin?tls=true";
    }

    /** The logger's URL, which every other service sends its records to. */
    public URI loggerUrl() {
        return urlOf(LOGGER);
    }

    /** The URL of one of the layout's services. */
    public URI urlOf(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .map(this::url)
                .orElseThrow(() -> new IllegalStateException("no " + name + " in the layout"));
    }

    /** Whether the layout has the service. */
    public boolean has(String name) {
        return services.stream().anyMatch(s -> s.name().equals(name));
    }

    public Path database() {
        return dataDirectory.resolve("db");
    }

    public Path pki() {
        return dataDirectory.resolve("pki");
    }

    public Path logs() {
        return dataDirectory.resolve("logs");
    }

    /** The LSS's work directory: session services' certificates and logs. */
    public Path lssWork() {
        return dataDirectory.resolve("lss");
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
