package org.opentwinj.cli.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code opentwin run <service>} for each service {@code up} starts: its URL,
 * certificate and the URLs of the services it talks to. Every process gets at least one path
 * in the data directory (its certificate), which is how {@link PlatformProcesses} recognises
 * the platform's processes after a crash of {@code up}.
 */
final class ServiceArguments {
    /**
     * How long a service waits at start for its peers (GSS, AUTH). {@code up} starts it beside
     * them and waits for its readiness only once they are ready (up to 120 s each), so its own
     * patience must outlast their starts one after the other on a busy machine; should a peer
     * fail, {@code up} stops the platform anyway.
     */
    static final String PEER_WAIT_MS = "600000";

    private ServiceArguments() {}

    static List<String> of(LocalLayout.LocalService service, LocalLayout layout, LocalCertificates certificates) {
        String name = service.name();
        List<String> arguments = runWithIdentity(service, layout, certificates);
        if (name.equals(LocalLayout.LOGGER)) {
            arguments.addAll(List.of(
                    "--log-file", layout.logs().resolve("platform.jsonl").toString()));
        } else {
            arguments.addAll(List.of("--logger-url", layout.loggerUrl().toString()));
        }
        String auth =
                layout.has(LocalLayout.AUTH) ? layout.urlOf(LocalLayout.AUTH).toString() : null;
        switch (name) {
            case LocalLayout.AUTH -> arguments.addAll(List.of("--database-url", layout.databaseUrl()));
            case LocalLayout.GSS -> {
                arguments.addAll(List.of("--database-url", layout.databaseUrl(), "--auth-url", auth));
                if (layout.has(LocalLayout.RELAY)) {
                    arguments.addAll(List.of(
                            "--relay-url", layout.urlOf(LocalLayout.RELAY).toString()));
                }
            }
            case LocalLayout.RELAY -> {
                arguments.addAll(
                        List.of("--gss-url", layout.urlOf(LocalLayout.GSS).toString(), "--auth-url", auth));
                if (layout.has(LocalLayout.WEB)) {
                    // The browser client's pages come from the web service: a different origin.
                    int web = layout.urlOf(LocalLayout.WEB).getPort();
                    arguments.addAll(
                            List.of("--allowed-origins", layout.urlOf(LocalLayout.WEB) + ",https://localhost:" + web));
                }
            }
            case LocalLayout.WEB ->
                arguments.addAll(
                        List.of("--gss-url", layout.urlOf(LocalLayout.GSS).toString(), "--auth-url", auth));
            case LocalLayout.LSS -> {
                int first = service.extraPort();
                arguments.addAll(List.of(
                        "--database-url",
                        layout.databaseUrl(),
                        "--gss-url",
                        layout.urlOf(LocalLayout.GSS).toString(),
                        "--auth-url",
                        auth,
                        "--session-ca-key",
                        certificates.caKey().toString(),
                        "--work-dir",
                        layout.lssWork().toString(),
                        "--port-range",
                        first + "-" + (first + LocalLayout.SESSION_PORTS_LAST - LocalLayout.SESSION_PORTS_FIRST)));
            }
            default -> {
                // logger and database need nothing more here
            }
        }
        if (List.of(LocalLayout.GSS, LocalLayout.RELAY, LocalLayout.WEB, LocalLayout.LSS)
                .contains(name)) {
            arguments.addAll(List.of("--peer-wait-ms", PEER_WAIT_MS));
        }
        // up stops the services itself, in order, also on Ctrl-C (which the terminal sends to them all).
        arguments.add("--stopped-by-parent");
        if (name.equals(LocalLayout.DATABASE)) {
            arguments.addAll(List.of(
                    "--database-dir",
                    layout.database().toString(),
                    "--database-port",
                    Integer.toString(service.extraPort())));
        }
        return arguments;
    }

    /**
     * The arguments of the Model JVM that trains the session services' AOT cache: a Model for one
     * project ({@code --project}, as outside a session), with the platform's database, AUTH and
     * logger, as the LSS would give a session's Model.
     */
    static List<String> sessionCacheTraining(
            LocalLayout.LocalService model, String project, LocalLayout layout, LocalCertificates certificates) {
        List<String> arguments = runWithIdentity(model, layout, certificates);
        arguments.addAll(List.of(
                "--logger-url",
                layout.loggerUrl().toString(),
                "--database-url",
                layout.databaseUrl(),
                "--auth-url",
                layout.urlOf(LocalLayout.AUTH).toString(),
                "--project",
                project,
                "--stopped-by-parent"));
        return arguments;
    }

    /** {@code run <service>} with its URL, bind address and certificate: what every service started here gets first. */
    private static List<String> runWithIdentity(
            LocalLayout.LocalService service, LocalLayout layout, LocalCertificates certificates) {
        String name = service.name();
        return new ArrayList<>(List.of(
                "run",
                name,
                "--service-url",
                layout.url(service).toString(),
                "--bind",
                layout.host(),
                "--cert",
                certificates.cert(name).toString(),
                "--key",
                certificates.key(name).toString(),
                "--ca",
                certificates.ca().toString()));
    }
}
