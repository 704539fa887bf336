package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChpProcessTest {
    @TempDir
    Path dir;

    @Test
    void theProxyServesTlsWithTheRelaysCertificateAndVerifiesTheEchoService() {
        List<String> command = ChpProcess.command(
                Path.of("/usr/bin/node"),
                Path.of("/run/stop.cjs"),
                Path.of("/b/chp"),
                8443,
                8444,
                Path.of("/run/relay.pem"),
                Path.of("/run/relay-key.pem"),
                Path.of("/run/ca.pem"),
                URI.create("https://127.0.0.1:9000"));

        assertThat(command).startsWith("/usr/bin/node", "--require", "/run/stop.cjs", "/b/chp");
        assertThat(String.join(" ", command))
                .contains("--ip 127.0.0.1 --port 8443")
                .contains("--api-ip 127.0.0.1 --api-port 8444")
                .contains("--ssl-cert /run/relay.pem --ssl-key /run/relay-key.pem")
                .contains("--client-ssl-ca /run/ca.pem")
                .contains("--default-target https://127.0.0.1:9000")
                .doesNotContain("--insecure");
    }

    @Test
    void thePreloadStopsNodeWhenTheHarnessGoesAway() {
        assertThat(ChpProcess.PRELOAD_SOURCE)
                .contains("process.stdin.on(\"end\"")
                .contains("SIGTERM")
                .contains("process.stdin.resume()");
    }

    @Test
    void versionsAreReadFromTheInstalledPackages() throws Exception {
        Path modules = dir.resolve("node_modules");
        Path script = modules.resolve("configurable-http-proxy/bin/configurable-http-proxy");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/usr/bin/env node");
        Files.writeString(
                modules.resolve("configurable-http-proxy/package.json"),
                "{\"name\":\"configurable-http-proxy\",\n  \"version\": \"5.2.0\"}");
        Files.createDirectories(modules.resolve("http-proxy-3"));
        Files.writeString(modules.resolve("http-proxy-3/package.json"), "{\"version\":\"1.23.3\"}");

        assertThat(ChpProcess.packageVersion(script, "configurable-http-proxy")).isEqualTo("5.2.0");
        assertThat(ChpProcess.packageVersion(script, "http-proxy-3")).isEqualTo("1.23.3");
        assertThat(ChpProcess.packageVersion(script, "missing")).isEqualTo("unknown");
    }
}
