package org.opentwinj.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentwinj.systemtest.kubernetes.Rendered.Workload;

/**
 * MongoDB's two scripts, one file each for compose and Kubernetes: the first-start script
 * (the administrator only, run by the image's entry point, where MongoDB lets a local client
 * create the first user) and the users script (roles and one user per service, idempotent, run
 * by the Job mongodb-init on every apply and by compose's one-shot mongodb-init).
 *
 * <p>No MongoDB image can be pulled where these tests run, so mongosh never runs the scripts
 * here. Where node is installed, the users script runs against a stand-in for mongosh's
 * {@code db} (getRole and getUser answer null for what is missing, as mongosh's do), which
 * checks its create-or-update decisions; otherwise those tests are skipped with the reason.
 */
class MongoDbInitScriptTest {
    private static final String FIRST_START = "10-opentwin.js";
    private static final String USERS = "opentwin-users.js";
    /** Each script's path in the MongoDB container of compose (which mounts the Kubernetes base's file). */
    private static final Map<String, String> COMPOSE_TARGETS =
            Map.of(FIRST_START, "/docker-entrypoint-initdb.d/" + FIRST_START, USERS, "/opentwin/" + USERS);
    /** The variables a script reads: {@code password("NAME")} and {@code process.env.NAME}. */
    private static final Pattern READS = Pattern.compile("password\\(\"([A-Z0-9_]+)\"\\)|process\\.env\\.([A-Z0-9_]+)");
    /** The users script's user and the variable of its password. */
    private static final Pattern USER = Pattern.compile("user: \"([a-z0-9-]+)\", pwd: password\\(\"([A-Z0-9_]+)\"\\)");

    private static final Pattern DATABASE_USER =
            Pattern.compile("^--database-url=mongodb://([^:@/]+):\\$\\(([A-Z_]+)\\)@");

    static Stream<String> overlays() {
        return Rendered.OVERLAYS.stream();
    }

    /** The script's one file, in the Kubernetes base (kustomize reads no file outside its directory; compose mounts it). */
    private static Path kubernetesCopy(String script) {
        return RepositoryFiles.kubernetes().resolve("base/mongodb/" + script);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {FIRST_START, USERS})
    void composeMountsTheOneFileKubernetesRuns(String script) throws IOException {
        Path compose = RepositoryFiles.root().resolve("deploy/compose");
        try (Stream<Path> files = Files.walk(compose)) {
            assertThat(files.filter(file -> file.getFileName().toString().equals(script)))
                    .as(
                            "deploy/compose holds no copy of %s: compose mounts deploy/kubernetes/base/mongodb/%s",
                            script, script)
                    .isEmpty();
        }
        String mount = "../kubernetes/base/mongodb/" + script + ":" + COMPOSE_TARGETS.get(script) + ":ro";
        assertThat(Files.readString(compose.resolve("compose.yaml")))
                .as("compose.yaml mounts %s", mount)
                .contains("- " + mount + "\n");
        assertThat(compose.resolve(mount.substring(0, mount.indexOf(':'))).normalize())
                .isEqualTo(kubernetesCopy(script).normalize());
    }

    @Test
    void mongoDbCreatesOnlyTheAdministratorOnItsFirstStartWithThePasswordItReads() throws IOException {
        Rendered base = Rendered.of("base");
        Workload mongodb = base.workload("mongodb");
        String script = Files.readString(kubernetesCopy(FIRST_START));

        ConfigMap scripts = holding(base, FIRST_START);
        assertThat(scripts.getData())
                .as(
                        "the image's entry point runs every script of %s on the first start, over no TLS: "
                                + "the users script belongs to the Job",
                        scripts.getMetadata().getName())
                .containsOnlyKeys(FIRST_START);
        assertThat(scripts.getData().get(FIRST_START)).isEqualTo(script);
        Volume volume = configMapVolume(mongodb, scripts);
        assertThat(mongodb.container().getVolumeMounts())
                .as("the image's entry point runs the scripts of /docker-entrypoint-initdb.d")
                .anyMatch(mount -> mount.getName().equals(volume.getName())
                        && mount.getMountPath().equals("/docker-entrypoint-initdb.d"));

        assertThat(reads(script))
                .as("the first-start script reads the administrator's password only")
                .containsExactly("OPENTWIN_MONGODB_ADMIN_PASSWORD");
        assertThat(mongodb.container().getEnv())
                .extracting(EnvVar::getName)
                .contains("OPENTWIN_MONGODB_ADMIN_PASSWORD");
        assertThat(script)
                .as("roles and users are the users script's, so that they change on an existing database too")
                .doesNotContain("createRole")
                .doesNotContain("\"opentwin-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theJobEnsuresRolesAndUsersOnEveryApplyWithEveryPasswordItReads(String overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Workload job = rendered.workload("mongodb-init");
        Job spec = rendered.one(Job.class, "mongodb-init");
        PodSpec pod = job.template().getSpec();
        Container container = job.container();
        String script = Files.readString(kubernetesCopy(USERS));

        assertThat(container.getImage())
                .as("%s: mongosh comes with the mongo image", overlay)
                .isEqualTo(rendered.workload("mongodb").container().getImage());
        assertThat(spec.getSpec().getBackoffLimit())
                .as("%s: retries are bounded", overlay)
                .isNotNull()
                .isBetween(1, 10);
        assertThat(spec.getSpec().getTtlSecondsAfterFinished())
                .as(
                        "%s: a finished Job goes away, so a later apply runs it again instead of failing on its immutable template",
                        overlay)
                .isNotNull()
                .isPositive();
        assertThat(spec.getSpec().getActiveDeadlineSeconds())
                .as("%s: waiting for MongoDB ends", overlay)
                .isNotNull()
                .isPositive();
        assertThat(pod.getRestartPolicy()).isIn("OnFailure", "Never");
        assertThat(pod.getAutomountServiceAccountToken())
                .as("%s: no API token", overlay)
                .isFalse();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .as("%s: restricted Pod Security", overlay)
                .isEqualTo("RuntimeDefault");

        // The script it runs is the users script, from a ConfigMap it mounts.
        ConfigMap scripts = holding(rendered, USERS);
        assertThat(scripts.getData().get(USERS)).isEqualTo(script);
        VolumeMount scriptMount = mountOf(job, configMapVolume(job, scripts));
        String command = String.join(" ", container.getCommand()) + " " + String.join(" ", container.getArgs());
        assertThat(command)
                .as("%s: the Job runs %s", overlay, USERS)
                .contains(scriptMount.getMountPath() + "/" + USERS);

        // Every file its command names is in a volume it mounts; the CA is a mounted CA certificate.
        Map<String, String> files = mountedFiles(job);
        Matcher path = Pattern.compile("(/[A-Za-z0-9._/-]+\\.(?:js|pem|crt))").matcher(command);
        int named = 0;
        while (path.find()) {
            named++;
            String file = path.group(1);
            assertThat(files.keySet().stream()
                            .anyMatch(mounted -> mounted.equals(file) || file.startsWith(mounted + "/")))
                    .as("%s: the Job names %s, which no volume it mounts holds (%s)", overlay, file, files.keySet())
                    .isTrue();
        }
        assertThat(named).isGreaterThanOrEqualTo(2);
        Matcher ca = Pattern.compile("--tlsCAFile (\\S+)").matcher(command);
        assertThat(ca.find())
                .as("%s: mongosh verifies MongoDB's certificate", overlay)
                .isTrue();
        assertThat(files.get(ca.group(1)))
                .as("%s: the CA file is a CA certificate of a Secret", overlay)
                .isIn("opentwin-ca:ca.pem", "mongodb-tls:ca.crt");
        assertThat(command)
                .as("%s: the administrator's password stays out of the command line", overlay)
                .doesNotContain("--password");

        Map<String, String> secretKeys = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                secretKeys.put(
                        variable.getName(),
                        variable.getValueFrom().getSecretKeyRef().getName() + ":"
                                + variable.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        Set<String> read = reads(script);
        assertThat(read)
                .as("the users script reads its passwords from the environment")
                .hasSizeGreaterThan(1);
        for (String variable : read) {
            assertThat(secretKeys)
                    .as("%s: the Job sets %s from Secret opentwin-mongodb", overlay, variable)
                    .containsKey(variable);
            assertThat(secretKeys.get(variable)).startsWith("opentwin-mongodb:");
        }

        // Each service connects as a user the script ensures, with the password the script gives it.
        Map<String, String> userPasswords = new LinkedHashMap<>();
        Matcher user = USER.matcher(script);
        while (user.find()) {
            userPasswords.put(user.group(1), user.group(2));
        }
        for (String service : List.of("auth", "gss", "lss")) {
            Container serviceContainer = rendered.workload(service).container();
            Matcher url = serviceContainer.getArgs().stream()
                    .map(DATABASE_USER::matcher)
                    .filter(Matcher::find)
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError(overlay + ": " + service + " has no --database-url with a user"));
            String databaseUser = url.group(1);
            assertThat(userPasswords)
                    .as("%s: the users script ensures %s, the user of %s", overlay, databaseUser, service)
                    .containsKey(databaseUser);
            EnvVar password = serviceContainer.getEnv().stream()
                    .filter(v -> v.getName().equals(url.group(2)))
                    .findFirst()
                    .orElseThrow();
            assertThat(password.getValueFrom().getSecretKeyRef().getName() + ":"
                            + password.getValueFrom().getSecretKeyRef().getKey())
                    .as("%s: %s connects with the password the Job gives %s", overlay, service, databaseUser)
                    .isEqualTo(secretKeys.get(userPasswords.get(databaseUser)));
        }
    }

    @Test
    void theScriptsAreJavaScriptThatNodeParses() throws Exception {
        String node = node();
        Path directory =
                Files.createDirectories(Path.of("target", "mongodb-scripts").toAbsolutePath());
        for (String script : List.of(FIRST_START, USERS)) {
            // Wrapped as a function: mongosh runs a file's statements as a script, node --check a module.
            Path wrapped = directory.resolve("check-" + script);
            Files.writeString(wrapped, "(function () {\n" + Files.readString(kubernetesCopy(script)) + "\n});\n");
            Result check = run(List.of(node, "--check", wrapped.toString()), Map.of());
            assertThat(check.exit())
                    .as("node --check %s: %s", script, check.output())
                    .isZero();
        }
    }

    @Test
    void theUsersScriptCreatesWhatIsMissingAndUpdatesWhatExistsWithoutPartialChanges() throws Exception {
        String node = node();
        Path directory =
                Files.createDirectories(Path.of("target", "mongodb-scripts").toAbsolutePath());
        Path harness = directory.resolve("ensure-harness.js");
        Files.writeString(harness, HARNESS);
        Result result =
                run(List.of(node, harness.toString(), kubernetesCopy(USERS).toString()), Map.of());
        assertThat(result.exit()).as("the harness: %s", result.output()).isZero();
        JsonNode runs = new ObjectMapper()
                .readTree(result.output().lines().reduce((first, last) -> last).orElseThrow());

        // 1. A database with only the administrator: roles first, then the users, all created.
        JsonNode first = runs.get(0);
        assertThat(first.path("error").isNull())
                .as("first run: %s", first.path("error"))
                .isTrue();
        assertThat(texts(first.path("log")))
                .containsExactly(
                        "createRole opentwin.opentwinService",
                        "createRole opentwin.opentwinReader",
                        "createUser opentwin.opentwin-auth",
                        "createUser opentwin.opentwin-gss",
                        "createUser opentwin.opentwin-lss",
                        "createUser opentwin.opentwin-reader");
        assertThat(first.path("users").path("opentwin.opentwin-gss").path("pwd").asText())
                .isEqualTo("gss-password-0000001");
        assertThat(first.path("users")
                        .path("opentwin.opentwin-reader")
                        .path("roles")
                        .get(0)
                        .path("role")
                        .asText())
                .isEqualTo("opentwinReader");
        assertThat(first.path("roles")
                        .path("opentwin.opentwinService")
                        .path("roles")
                        .get(0)
                        .path("role")
                        .asText())
                .isEqualTo("readWrite");

        // 2. A role widened by hand, a user dropped, a password rotated: all brought back, nothing created twice.
        JsonNode second = runs.get(1);
        assertThat(second.path("error").isNull())
                .as("second run: %s", second.path("error"))
                .isTrue();
        assertThat(texts(second.path("log")))
                .containsExactly(
                        "updateRole opentwin.opentwinService",
                        "updateRole opentwin.opentwinReader",
                        "updateUser opentwin.opentwin-auth",
                        "updateUser opentwin.opentwin-gss",
                        "updateUser opentwin.opentwin-lss",
                        "createUser opentwin.opentwin-reader");
        assertThat(second.path("roles").path("opentwin.opentwinService").path("roles"))
                .hasSize(1);
        assertThat(second.path("roles")
                        .path("opentwin.opentwinService")
                        .path("roles")
                        .get(0)
                        .path("role")
                        .asText())
                .isEqualTo("readWrite");
        assertThat(second.path("users")
                        .path("opentwin.opentwin-gss")
                        .path("pwd")
                        .asText())
                .isEqualTo("gss-password-rotated");
        assertThat(second.path("users")
                        .path("opentwin.opentwin-auth")
                        .path("roles")
                        .get(0)
                        .path("role")
                        .asText())
                .isEqualTo("opentwinService");

        // 3. A password too short for a URL: refused before anything changes.
        JsonNode third = runs.get(2);
        assertThat(third.path("error").asText()).contains("OPENTWIN_LSS_DB_PASSWORD");
        assertThat(third.path("log")).isEmpty();

        // 4. The administrator's password changed in the Secret only: a clear error, nothing changed.
        JsonNode fourth = runs.get(3);
        assertThat(fourth.path("error").asText())
                .contains("OPENTWIN_MONGODB_ADMIN_PASSWORD")
                .contains("Authentication failed");
        assertThat(fourth.path("log")).isEmpty();
    }

    /**
     * Runs the users script (argument 1) four times in a node vm against one in-memory stand-in
     * for mongosh's globals ({@code db}, {@code print}, {@code process.env}), changing the
     * database or the environment between runs; prints the log, error and state of each run as
     * one JSON line.
     */
    private static final String HARNESS = """
            const fs = require("fs");
            const vm = require("vm");
            const source = fs.readFileSync(process.argv[2], "utf8");
            const state = { adminPassword: "admin-password-00001", roles: {}, users: {} };
            let log = [];
            const copy = (value) => JSON.parse(JSON.stringify(value));
            function database(name) {
              const key = (id) => name + "." + id;
              return {
                getSiblingDB: (other) => database(other),
                auth(user, pwd) {
                  if (name !== "admin" || user !== "admin" || pwd !== state.adminPassword) { throw new Error("Authentication failed."); }
                  return { ok: 1 };
                },
                getRole: (role) => (state.roles[key(role)] ? copy(state.roles[key(role)]) : null),
                getUser: (user) => (state.users[key(user)] ? { user, roles: copy(state.users[key(user)].roles) } : null),
                createRole(doc) {
                  if (state.roles[key(doc.role)]) { throw new Error("Role \\"" + doc.role + "\\" already exists"); }
                  state.roles[key(doc.role)] = copy(doc); log.push("createRole " + key(doc.role));
                },
                updateRole(role, update) {
                  if (!state.roles[key(role)]) { throw new Error("Role " + role + " not found"); }
                  state.roles[key(role)] = Object.assign({ role }, copy(update)); log.push("updateRole " + key(role));
                },
                createUser(doc) {
                  if (state.users[key(doc.user)]) { throw new Error("User \\"" + doc.user + "\\" already exists"); }
                  for (const granted of doc.roles) {
                    if (!state.roles[granted.db + "." + granted.role]) { throw new Error("Could not find role: " + granted.role); }
                  }
                  state.users[key(doc.user)] = copy(doc); log.push("createUser " + key(doc.user));
                },
                updateUser(user, update) {
                  if (!state.users[key(user)]) { throw new Error("User " + user + " not found"); }
                  state.users[key(user)] = Object.assign(copy(state.users[key(user)]), copy(update)); log.push("updateUser " + key(user));
                },
              };
            }
            const passwords = {
              OPENTWIN_MONGODB_ADMIN_PASSWORD: "admin-password-00001",
              OPENTWIN_AUTH_DB_PASSWORD: "auth-password-000001",
              OPENTWIN_GSS_DB_PASSWORD: "gss-password-0000001",
              OPENTWIN_LSS_DB_PASSWORD: "lss-password-0000001",
              OPENTWIN_READER_DB_PASSWORD: "reader-password-0001",
            };
            const runs = [];
            function run(env) {
              log = [];
              let error = null;
              try {
                vm.runInNewContext(source, { db: database("test"), print: () => {}, process: { env } });
              } catch (e) {
                error = String(e.message);
              }
              runs.push({ log, error, roles: copy(state.roles), users: copy(state.users) });
            }
            run(Object.assign({}, passwords));
            // Guarded: when the first run did not create them, the Java assertions say so.
            if (state.roles["opentwin.opentwinService"]) { state.roles["opentwin.opentwinService"].roles.push({ role: "dbOwner", db: "opentwin" }); }
            delete state.users["opentwin.opentwin-reader"];
            run(Object.assign({}, passwords, { OPENTWIN_GSS_DB_PASSWORD: "gss-password-rotated" }));
            run(Object.assign({}, passwords, { OPENTWIN_LSS_DB_PASSWORD: "short" }));
            run(Object.assign({}, passwords, { OPENTWIN_MONGODB_ADMIN_PASSWORD: "admin-password-new01" }));
            console.log(JSON.stringify(runs));
            """;

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static Set<String> reads(String script) {
        Set<String> variables = new LinkedHashSet<>();
        Matcher read = READS.matcher(script);
        while (read.find()) {
            variables.add(read.group(1) != null ? read.group(1) : read.group(2));
        }
        return variables;
    }

    private static ConfigMap holding(Rendered rendered, String script) {
        return rendered.all(ConfigMap.class).stream()
                .filter(map -> map.getData() != null && map.getData().containsKey(script))
                .findFirst()
                .orElseThrow(() -> new AssertionError(rendered.source() + ": no ConfigMap holds " + script));
    }

    private static Volume configMapVolume(Workload workload, ConfigMap map) {
        return workload.template().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null
                        && v.getConfigMap().getName().equals(map.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(workload + " does not mount the ConfigMap "
                        + map.getMetadata().getName()));
    }

    private static VolumeMount mountOf(Workload workload, Volume volume) {
        return workload.container().getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(workload + " does not mount volume " + volume.getName()));
    }

    /** Mounted paths of the workload's container: each Secret item's file to "secret:key", each other mount to its kind. */
    private static Map<String, String> mountedFiles(Workload workload) {
        Map<String, String> files = new LinkedHashMap<>();
        for (VolumeMount mount : workload.container().getVolumeMounts()) {
            Volume volume = workload.template().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " mounts the missing volume " + mount.getName()));
            if (volume.getSecret() != null && volume.getSecret().getItems() != null) {
                volume.getSecret()
                        .getItems()
                        .forEach(item -> files.put(
                                mount.getMountPath() + "/" + item.getPath(),
                                volume.getSecret().getSecretName() + ":" + item.getKey()));
            } else {
                files.put(mount.getMountPath(), volume.getConfigMap() != null ? "configMap" : "volume");
            }
        }
        return files;
    }

    private record Result(int exit, String output) {}

    private static String node() {
        try {
            Result version = run(List.of("node", "--version"), Map.of());
            assumeTrue(
                    version.exit() == 0,
                    "SKIPPED: node --version failed (" + version.output().strip() + "), so the MongoDB "
                            + "scripts cannot be checked (mongosh is node: install node to check them)");
        } catch (IOException e) {
            assumeTrue(
                    false,
                    "SKIPPED: node is not installed (" + e.getMessage() + "), so the MongoDB scripts cannot be checked "
                            + "(mongosh is node: install node to check them)");
        }
        return "node";
    }

    private static Result run(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
