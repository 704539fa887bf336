package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.services.auth.AuthConfig;
import org.opentwinj.services.auth.Authorization;
import org.opentwinj.services.auth.users.PasswordHasher;
import org.opentwinj.services.auth.users.User;
import org.opentwinj.services.auth.users.UserStore;

/**
 * {@code opentwin login}, {@code users list} and {@code users unlock} against a real AUTH on
 * TLS (in-process, on an in-memory database): the warnings before the lock, the lock's end in
 * local time, and an admin lifting it.
 */
class LoginLockCommandsTest {
    record Nothing() {}

    @TempDir
    Path data;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private URI url;

    @BeforeEach
    void start() throws Exception {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        resources.add(mongo::shutdownNow);
        DatabaseConnection database = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/auth", Duration.ofSeconds(5));
        resources.add(database);
        new UserStore(database.database())
                .insert(new User(
                        "admin", new PasswordHasher(64, 1).hash("admin-password"), List.of("admin", "user"), true));

        CertificateAuthority ca =
                CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
        TlsMaterial tls = TlsMaterial.of(ca.issue(
                CertificateRequest.of("auth", List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
        AtomicReference<String> self = new AtomicReference<>();
        ActionRegistry registry = new ActionRegistry()
                // The GSS tells clients where AUTH is; here AUTH's server answers that itself.
                .register(ActionSpec.anonymous(
                        "Service.Info", Nothing.class, (r, call) -> Map.of("authUrl", self.get())));
        Authorization.install(
                registry,
                database.database(),
                new AuthConfig(Duration.ofMinutes(15), Duration.ofHours(12), 64, 1),
                Clock.systemUTC());
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("auth", "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0),
                tls.serverContext(),
                registry,
                new ServiceMetrics("auth"),
                List.of());
        resources.add(server);
        url = URI.create("https://localhost:" + server.port());
        self.set(url.toString());
        Files.createDirectories(data.resolve("pki"));
        Files.writeString(data.resolve("pki").resolve("ca.pem"), PemFiles.toPem(List.of(ca.certificate())));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private record Run(int code, String out, String err) {}

    private Run opentwin(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(data.toString());
        Map<String, String> env = new HashMap<>(environment);
        int code = OpenTwinCli.execute(
                all.toArray(String[]::new),
                env,
                List.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run login(String user, String password) {
        return opentwin(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--user", user, "--gss-url", url.toString());
    }

    @Test
    void warningsThenTheLockInLocalTimeThenAnAdminUnlocks() {
        assertThat(login("admin", "admin-password").out()).contains("logged in as admin");
        assertThat(opentwin(Map.of("OPEN_TWIN_NEW_PASSWORD", "dave-password"), "users", "create", "dave")
                        .code())
                .isZero();

        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Run wrong = login("dave", "not-daves-password");
            assertThat(wrong.code()).isNotZero();
            refusals.add(wrong.err().strip());
        }
        assertThat(refusals.get(0)).contains("wrong user name or password").doesNotContain("attempts left");
        assertThat(refusals.get(2)).contains("2 attempts left before the account is locked for 15 minutes");
        assertThat(refusals.get(3)).contains("1 attempt left");

        Run locked = login("dave", "not-daves-password");
        assertThat(locked.code()).isNotZero();
        String until = lockedUntilInAuth();
        String local = LocalTimes.clock(until, ZoneId.systemDefault(), Instant.now());
        assertThat(locked.err())
                .contains("too many failed logins: the account is locked until " + local)
                .doesNotContain(until);
        // The right password is refused too while the lock holds; said once, in local time.
        Run stillLocked = login("dave", "dave-password");
        assertThat(stillLocked.code()).isNotZero();
        assertThat(stillLocked.err()).containsOnlyOnce("locked until " + local);

        Run list = opentwin(Map.of(), "users", "list");
        assertThat(list.out().lines().filter(line -> line.startsWith("dave ")))
                .singleElement()
                .asString()
                .endsWith("until " + local);
        assertThat(list.out().lines().filter(line -> line.startsWith("admin ")))
                .singleElement()
                .asString()
                .endsWith(" -");

        Run unlock = opentwin(Map.of(), "users", "unlock", "dave");
        assertThat(unlock.code()).isZero();
        assertThat(unlock.out()).contains("unlocked dave");
        assertThat(opentwin(Map.of(), "users", "list").out()).doesNotContain("until ");
        assertThat(login("dave", "dave-password").out()).contains("logged in as dave");
    }

    @Test
    void unlockingAnUnknownUserSaysSo() {
        login("admin", "admin-password");
        Run unknown = opentwin(Map.of(), "users", "unlock", "nobody");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("unknown user 'nobody'");
    }

    @Test
    void aLockEndTodayShowsTheTimeAndAnotherDayTheDateToo() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant now = Instant.parse("2026-12-07T17:30:00Z");
        assertThat(LocalTimes.clock("2026-12-07T17:42:07Z", berlin, now)).isEqualTo("18:42");
        assertThat(LocalTimes.clock("2026-12-07T23:05:00Z", berlin, now)).isEqualTo("2026-12-08 00:05");
        assertThat(LocalTimes.clock("not a time", berlin, now)).isEqualTo("not a time");
        assertThat(LocalTimes.lockMessage(
                        "too many failed logins: the account is locked until 2026-12-07T17:42:07Z",
                        "2026-12-07T17:42:07Z",
                        berlin,
                        now))
                .isEqualTo("too many failed logins: the account is locked until 18:42");
        assertThat(UsersCommand.ListUsers.withLocalLocks(
                                Json.mapper()
                                        .valueToTree(List.of(
                                                Map.of("username", "dave", "lockedUntil", "2026-12-07T17:42:07Z"))),
                                berlin,
                                now)
                        .get(0)
                        .path("locked")
                        .asText())
                .isEqualTo("until 18:42");
    }

    /** The lock's end as AUTH lists it (ISO-8601 UTC). */
    private String lockedUntilInAuth() {
        Run list = opentwin(Map.of(), "users", "list");
        assertThat(list.code()).isZero();
        try (PlatformClient client = new PlatformClient(data)) {
            for (var user : client.callAuth("User.List", Map.of())) {
                if (user.path("username").asText().equals("dave")) {
                    return user.path("lockedUntil").asText();
                }
            }
        }
        throw new AssertionError("dave is not listed");
    }
}
