package org.opentwinj.bench.relay;

import java.net.URI;
import java.util.List;

/**
 * One path from the load generator's websockets to the echo service, measured the same way.
 *
 * @param name         the name in the report
 * @param uri          where the clients connect ({@code wss://127.0.0.1:PORT/...})
 * @param subprotocols offered at the upgrade; the relay takes its token this way, as browsers send it
 * @param welcome      whether the first message on a new connection is a welcome (the relay's) to skip
 * @param caller       who the echo service sees, as it writes it into every reply ({@link Payload})
 * @param entryPort    the port the clients connect to, for the connection count
 * @param proxy        the process between client and echo service (relay or proxy), or null for direct
 */
record Target(
        String name,
        URI uri,
        List<String> subprotocols,
        boolean welcome,
        String caller,
        int entryPort,
        ProcessHandle proxy) {
    static final String DIRECT = "direct";
    static final String RELAY = "OpenTwin/J relay";
    static final String CHP = "CHP";
    /** The browser's path since issue 13: the web service's {@code /relay}, bridged to the relay. */
    static final String BRIDGE = "relay via web";
    /** In report order: the baseline first, then ours, then ours behind the web service, then the peer. */
    static final List<String> NAMES = List.of(DIRECT, RELAY, BRIDGE, CHP);

    Target {
        subprotocols = List.copyOf(subprotocols);
    }

    /** The echo service's own {@code /ws}: the baseline every added latency is measured against. */
    static Target direct(int echoPort) {
        return new Target(
                DIRECT,
                URI.create("wss://127.0.0.1:" + echoPort + "/ws"),
                List.of(),
                false,
                Payload.ANONYMOUS,
                echoPort,
                null);
    }

    /** The relay's client endpoint for the bench session, with the token as browsers send it. */
    static Target relay(int relayPort, String token, ProcessHandle relay) {
        return new Target(
                RELAY,
                URI.create("wss://127.0.0.1:" + relayPort + "/relay?session=" + Payload.SESSION),
                List.of("opentwin.v1", "bearer." + token),
                true,
                Payload.ON_BEHALF,
                relayPort,
                relay);
    }

    /**
     * The web service's {@code /relay}, which bridges each websocket to the relay: the relay's
     * path plus one hop, measured against it. Its proxy process is the web service (the relay's
     * CPU is not in the proxy CPU column).
     */
    static Target bridge(int webPort, String token, ProcessHandle web) {
        return new Target(
                BRIDGE,
                URI.create("wss://127.0.0.1:" + webPort + "/relay?session=" + Payload.SESSION),
                List.of("opentwin.v1", "bearer." + token),
                true,
                Payload.ON_BEHALF,
                webPort,
                web);
    }

    /** configurable-http-proxy in front of the echo service's {@code /ws}. */
    static Target chp(int chpPort, ProcessHandle chp) {
        return new Target(
                CHP,
                URI.create("wss://127.0.0.1:" + chpPort + "/ws"),
                List.of(),
                false,
                Payload.ANONYMOUS,
                chpPort,
                chp);
    }

    @Override
    public String toString() {
        // The subprotocols hold the token: never printed.
        return "Target[" + name + " " + uri + "]";
    }
}
