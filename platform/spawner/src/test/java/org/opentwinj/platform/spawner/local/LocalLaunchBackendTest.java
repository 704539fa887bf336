package org.opentwinj.platform.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.LaunchBackend;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.ServiceLaunch;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerSite;

/** Where local session services listen, how their files reach them, and the local spawner's settings. */
class LocalLaunchBackendTest {
    private static final List<String> LAUNCHER =
            List.of("/jdk/bin/java", "-Xss1m", "-cp", "lib/*", "org.opentwinj.cli.OpenTwinCli");

    @TempDir
    Path work;

    private LaunchBackend<ProcessRequest> backend(String publishHost, Map<String, String> flags) {
        Settings settings = Settings.resolve(new LocalSpawnerProvider().settings(), flags, Map.of());
        LocalSpawnerConfig config = new LocalSpawnerProvider()
                .configure(
                        settings,
                        new SpawnerSite(
                                "lss-1", URI.create("https://" + publishHost + ":8093"), "127.0.0.1", work, LAUNCHER));
        SpawnerBackend<?> created = config.create();
        assertThat(created.spawner()).isInstanceOf(LocalProcessSpawner.class);
        @SuppressWarnings("unchecked")
        LaunchBackend<ProcessRequest> launch = (LaunchBackend<ProcessRequest>) created.launch();
        return launch;
    }

    private static ServiceLaunch launch(String service) {
        return new ServiceLaunch(
                "s-1",
                service,
                "cartesian-mesh",
                "p1",
                List.of("--service-url", "https://host:20000"),
                Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@db"),
                Map.of("service.pem", "CERT", "service-key.pem", "KEY", "ca.pem", "CA"));
    }

    @Test
    void servicesGetPortsOfTheRangeAtTheLssHostAndTheLoopbackNamesInTheirCertificates() {
        LaunchBackend<ProcessRequest> backend = backend("lss.example.org", Map.of("port-range", "45100-45101"));

        Endpoint first = backend.place("s-1", "model");
        assertThat(first.port()).isBetween(45100, 45101);
        assertThat(first.url()).isEqualTo(URI.create("https://lss.example.org:" + first.port()));
        assertThat(backend.hostNames("s-1", "model", first))
                .containsExactly("lss.example.org", "localhost", "127.0.0.1");
        assertThat(backend.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(backend.place("s-1", "mesh").port()).isNotEqualTo(first.port());
        assertThatThrownBy(() -> backend.place("s-1", "third"))
                .hasMessageContaining("no free port left in 45100-45101");

        backend.release("s-1", "model", first);
        assertThat(backend.place("s-1", "third").port()).isEqualTo(first.port());
    }

    @Test
    void anIpv6HostIsBracketedInTheUrlAndBareInTheCertificate() {
        LaunchBackend<ProcessRequest> backend = backend("[::1]", Map.of("port-range", "45110-45119"));
        Endpoint endpoint = backend.place("s-1", "model");
        assertThat(endpoint.url().toString()).startsWith("https://[::1]:");
        assertThat(backend.hostNames("s-1", "model", endpoint)).first().isEqualTo("::1");
    }

    @Test
    void theFilesAreWrittenForTheServiceAloneAndTheCommandRunsTheLauncherWithTheExtraJvmOptionsFirst()
            throws Exception {
        LaunchBackend<ProcessRequest> backend = backend("localhost", Map.of("session-java-options", "-Xmx256m,-Dx=1"));

        ProcessRequest request = backend.request(launch("mesh"));

        Path directory = Path.of(backend.filesDirectory("s-1", "mesh"));
        assertThat(directory).isEqualTo(work.resolve("sessions/s-1/mesh"));
        assertThat(Files.readString(directory.resolve("service-key.pem"))).isEqualTo("KEY");
        assertThat(Files.readString(directory.resolve("ca.pem"))).isEqualTo("CA");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("service-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(request.command())
                .containsExactly(
                        "/jdk/bin/java",
                        "-Xmx256m",
                        "-Dx=1",
                        "-Xss1m",
                        "-cp",
                        "lib/*",
                        "org.opentwinj.cli.OpenTwinCli",
                        "run",
                        "cartesian-mesh",
                        "--service-url",
                        "https://host:20000");
        assertThat(request.environment()).containsExactly(Map.entry("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@db"));
        assertThat(request.workingDirectory()).isEqualTo(work);
        assertThat(request.logFile()).isEqualTo(work.resolve("logs/s-1-mesh.log"));

        // A restart writes them again; the last service of the session takes the session's folder with it.
        backend.request(launch("mesh"));
        backend.release("s-1", "mesh", null);
        assertThat(work.resolve("sessions/s-1")).doesNotExist();
    }

    @Test
    void aBadPortRangeStopsTheLssWithOneLine() {
        for (Map.Entry<String, String> bad : Map.of(
                        "20000",
                        "invalid --port-range '20000': write first-last, e.g. 20000-20999",
                        "9-x",
                        "invalid --port-range '9-x': write first-last, e.g. 20000-20999",
                        "30000-20000",
                        "invalid --port-range '30000-20000': port range 30000-20000 is not within 1-65535")
                .entrySet()) {
            assertThatThrownBy(() -> backend("localhost", Map.of("port-range", bad.getKey())))
                    .isInstanceOfSatisfying(
                            ExitException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION))
                    .hasMessage(bad.getValue());
        }
    }
}
