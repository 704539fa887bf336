package org.opentwinj.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.packaging.images.ImageOptions;

/**
 * deploy/compose/compose.yaml checked offline against the Containerfile and what
 * {@code opentwin images build} names its images: mistakes here would only show when a user
 * runs {@code docker compose up} (this machine cannot pull MongoDB).
 *
 * <p>YAML is read with SnakeYAML, found at run time: the test is skipped with the reason
 * when the module's test class path lacks it.
 */
class ComposeFileTest {
    private static final Pattern OPENTWIN_IMAGE =
            Pattern.compile("^\\$\\{OPENTWIN_IMAGES:-([^}]+)}/([a-z0-9-]+):\\$\\{OPENTWIN_TAG:-([^}]+)}$");
    /** MongoDB's scripts: the Kubernetes base's files, which compose mounts (kustomize reads no file outside its directory). */
    private static final String FIRST_START_SCRIPT = "deploy/kubernetes/base/mongodb/10-opentwin.js";

    private static final String USERS_SCRIPT = "deploy/kubernetes/base/mongodb/opentwin-users.js";
    private static final Pattern URL = Pattern.compile("^https://([a-z0-9-]+):(\\d+)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[-?][^}]*)?}");

    private static Path root;
    private static JsonNode compose;
    private static JsonNode embedded;
    private static Map<String, Set<Integer>> exposed;

    private static String missingParser;

    @BeforeAll
    static void read() throws IOException {
        root = repositoryRoot();
        exposed = exposedPorts(root.resolve("deploy/containers/Containerfile"));
        if (!parserPresent("org.yaml.snakeyaml.Yaml") && !parserPresent("org.snakeyaml.engine.v2.api.Load")) {
            missingParser =
                    "SKIPPED, compose file not checked: neither SnakeYAML nor SnakeYAML Engine is on the test class path "
                            + "of systemtest (add com.fasterxml.jackson.dataformat:jackson-dataformat-yaml with test scope; it brings SnakeYAML)";
            System.err.println("ComposeFileTest " + missingParser);
            return;
        }
        compose = readYaml(root.resolve("deploy/compose/compose.yaml"));
        embedded = readYaml(root.resolve("deploy/compose/compose.embedded-database.yaml"));
    }

    @BeforeEach
    void needsTheYamlParser() {
        Assumptions.assumeTrue(missingParser == null, () -> missingParser);
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndOneShotJobsDoNotRestart() {
        compose.path("services").properties().forEach(service -> {
            JsonNode definition = service.getValue();
            if (definition.path("restart").asText().equals("no")) {
                assertThat(definition.has("healthcheck"))
                        .as(service.getKey() + " is a one-shot job")
                        .isFalse();
                return;
            }
            assertThat(definition.path("restart").asText()).as(service.getKey()).isEqualTo("unless-stopped");
            JsonNode test = definition.path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() > 1)
                    .as(service.getKey() + " has a health check in exec form")
                    .isTrue();
            assertThat(test.get(0).asText()).as(service.getKey()).isEqualTo("CMD");
        });
    }

    @Test
    void startOrderIsGatedByHealthAndHasNoCycle() {
        JsonNode services = compose.path("services");
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        services.properties().forEach(service -> {
            List<String> needs = new ArrayList<>();
            service.getValue().path("depends_on").properties().forEach(dependency -> {
                JsonNode target = services.path(dependency.getKey());
                assertThat(target.isMissingNode())
                        .as(service.getKey() + " depends on an unknown " + dependency.getKey())
                        .isFalse();
                String expected = target.path("restart").asText().equals("no")
                        ? "service_completed_successfully"
                        : "service_healthy";
                assertThat(dependency.getValue().path("condition").asText())
                        .as(service.getKey() + " -> " + dependency.getKey())
                        .isEqualTo(expected);
                needs.add(dependency.getKey());
            });
            dependencies.put(service.getKey(), needs);
        });
        // Every service a service calls (its --*-url flags) is up and healthy before it starts,
        // except those that only appear in information handed to clients (the GSS's --relay-url).
        services.properties().forEach(service -> {
            Map<String, String> flags = flags(service.getValue());
            for (String flag : List.of("--auth-url", "--logger-url", "--gss-url")) {
                if (flags.containsKey(flag)) {
                    String peer = host(flags.get(flag));
                    assertThat(dependencies.get(service.getKey()))
                            .as(service.getKey() + " calls " + peer + " (" + flag + ")")
                            .contains(peer);
                }
            }
        });
        List<String> order = topologicalOrder(dependencies);
        assertThat(order).as("a start order exists").hasSize(dependencies.size());
        assertThat(order.indexOf("mongodb")).isLessThan(order.indexOf("auth"));
        assertThat(order.indexOf("auth")).isLessThan(order.indexOf("gss"));
        assertThat(order.indexOf("gss")).isLessThan(order.indexOf("lss"));
    }

    @Test
    void imagesAreNamedAsImagesBuildNamesThemAndExist() throws IOException {
        String version = projectVersion();
        List<String> targets = ImageOptions.targets(root.resolve("deploy/containers/Containerfile"));
        for (JsonNode file : List.of(compose, embedded)) {
            file.path("services").properties().forEach(service -> {
                String image = service.getValue().path("image").asText();
                if (image.isEmpty() || image.contains("mongo:")) {
                    return;
                }
                Matcher matcher = OPENTWIN_IMAGE.matcher(image);
                assertThat(matcher.matches())
                        .as(service.getKey() + ": " + image)
                        .isTrue();
                assertThat(matcher.group(1)).isEqualTo(ImageOptions.DEFAULT_REPOSITORY);
                assertThat(targets)
                        .as(service.getKey() + ": a target of the Containerfile")
                        .contains(matcher.group(2));
                assertThat(matcher.group(3))
                        .as("the default tag is the distribution's version")
                        .isEqualTo(version);
            });
        }
        assertThat(compose.path("services").path("mongodb").path("image").asText())
                .startsWith("${OPENTWIN_MONGODB_IMAGE:-docker.io/library/mongo:");
        assertThat(embedded.path("services").path("mongodb").path("image").asText())
                .contains("}/database:");
    }

    @Test
    void servicePortsAreTheImagesAndPeersAreReachedByServiceName() {
        JsonNode services = compose.path("services");
        services.properties().forEach(service -> {
            String target = imageTarget(service.getValue());
            if (target == null || service.getKey().equals("mongodb-certificate")) {
                return;
            }
            Map<String, String> flags = flags(service.getValue());
            String url = flags.get("--service-url");
            assertThat(url).as(service.getKey() + " has a --service-url").isNotNull();
            Matcher own = URL.matcher(url);
            assertThat(own.matches()).as(url).isTrue();
            assertThat(own.group(1))
                    .as("peers reach " + service.getKey() + " by its service name")
                    .isEqualTo(service.getKey());
            int port = Integer.parseInt(own.group(2));
            assertThat(exposed.get(target))
                    .as(service.getKey() + ": the Containerfile's EXPOSE of " + target)
                    .contains(port);
            for (JsonNode published : service.getValue().path("ports")) {
                String[] parts = published.asText().split(":");
                assertThat(Integer.parseInt(parts[parts.length - 1]))
                        .as(service.getKey() + " publishes its own port")
                        .isEqualTo(port);
                assertThat(parts[parts.length - 2]).isEqualTo(Integer.toString(port));
            }
            flags.forEach((flag, value) -> {
                if (flag.endsWith("-url") && !flag.startsWith("--public-") && !flag.equals("--service-url")) {
                    Matcher peer = URL.matcher(value);
                    assertThat(peer.matches())
                            .as(service.getKey() + " " + flag + " " + value)
                            .isTrue();
                    JsonNode peerService = services.path(peer.group(1));
                    assertThat(peerService.isMissingNode())
                            .as(service.getKey() + " " + flag + " names a service")
                            .isFalse();
                    assertThat(flags(peerService).get("--service-url"))
                            .as(service.getKey() + " " + flag)
                            .isEqualTo(value);
                }
            });
        });
    }

    @Test
    void theCaIsASecretFromAFileAndEveryServiceIssuesItsOwnCertificateForItsName() {
        assertThat(compose.path("secrets").path("ca").path("file").asText()).contains("ca.pem");
        assertThat(compose.path("secrets").path("ca-key").path("file").asText()).contains("ca-key.pem");
        compose.path("services").properties().forEach(service -> {
            String target = imageTarget(service.getValue());
            if (target == null) {
                return;
            }
            List<String> secrets = new ArrayList<>();
            for (JsonNode secret : service.getValue().path("secrets")) {
                secrets.add(secret.path("target").asText());
                assertThat(secret.path("uid").asText())
                        .as(service.getKey() + ": readable by the images' user")
                        .isEqualTo("10001");
                // 0400 is octal for compose (YAML 1.1, as SnakeYAML reads it) and decimal in YAML 1.2 (SnakeYAML
                // Engine).
                assertThat(secret.path("mode").asInt())
                        .as(service.getKey() + ": mode 0400")
                        .isIn(0400, 400);
            }
            assertThat(secrets).as(service.getKey()).contains("ca.pem", "ca-key.pem");
            if (service.getKey().equals("mongodb-certificate")) {
                return;
            }
            JsonNode environment = service.getValue().path("environment");
            assertThat(environment.path("OPEN_TWIN_CA").asText())
                    .as(service.getKey())
                    .isEqualTo("/run/secrets/ca.pem");
            assertThat(environment.path("OPEN_TWIN_CA_KEY").asText())
                    .as(service.getKey())
                    .isEqualTo("/run/secrets/ca-key.pem");
            assertThat(flags(service.getValue()).get("--cert-hosts"))
                    .as(service.getKey())
                    .startsWith(service.getKey());
        });
        // MongoDB's own certificate comes from the PKI tool, for the name the services dial.
        List<String> issue =
                strings(compose.path("services").path("mongodb-certificate").path("command"));
        assertThat(issue)
                .containsSubsequence("--cn", "mongodb")
                .containsSubsequence("--hosts", "mongodb,localhost,127.0.0.1");
        assertThat(strings(compose.path("services").path("mongodb-certificate").path("entrypoint")))
                .endsWith("certs", "issue");
    }

    @Test
    void dataLivesInNamedVolumesAndTheDatabaseUrlsUseTlsAndOneUserPerService() throws IOException {
        Set<String> declared = new HashSet<>();
        compose.path("volumes").properties().forEach(volume -> declared.add(volume.getKey()));
        compose.path("services").properties().forEach(service -> {
            for (JsonNode mount : service.getValue().path("volumes")) {
                String source = mount.asText().split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(declared)
                            .as(service.getKey() + " mounts a declared named volume")
                            .contains(source);
                }
            }
        });
        assertThat(volumeTargets("mongodb")).contains("/data/db");
        assertThat(volumeTargets("logger")).contains("/var/lib/opentwin/logger");
        assertThat(volumeTargets("lss")).contains("/var/lib/opentwin/lss");

        String users = Files.readString(root.resolve(USERS_SCRIPT));
        for (String service : List.of("auth", "gss", "lss")) {
            String url = compose.path("services")
                    .path(service)
                    .path("environment")
                    .path("OPEN_TWIN_DATABASE_URL")
                    .asText();
            assertThat(url)
                    .as(service)
                    .startsWith("mongodb://opentwin-" + service + ":${OPENTWIN_" + service.toUpperCase()
                            + "_DB_PASSWORD}@mongodb:27017/opentwin?")
                    .contains("tls=true")
                    .contains("authSource=opentwin");
            Matcher variable = VARIABLE.matcher(url);
            assertThat(variable.find()).isTrue();
            assertThat(users)
                    .as("the users script ensures the user of " + service + ", with the password of its URL")
                    .contains("user: \"opentwin-" + service + "\", pwd: password(\"" + variable.group(1) + "\")");
            assertThat(compose.path("services")
                            .path("mongodb-init")
                            .path("environment")
                            .has(variable.group(1)))
                    .as("the users script gets " + variable.group(1))
                    .isTrue();
            assertThat(embedded.path("services")
                            .path(service)
                            .path("environment")
                            .path("OPEN_TWIN_DATABASE_URL")
                            .asText())
                    .as("the embedded database has no users")
                    .isEqualTo("mongodb://mongodb:27017/opentwin?tls=true");
        }
        String mongod = Files.readString(root.resolve("deploy/compose/mongodb/mongod.conf"));
        assertThat(mongod)
                .contains("mode: requireTLS")
                .contains("authorization: enabled")
                .contains("CAFile: /run/secrets/ca.pem");
        assertThat(strings(compose.path("services").path("mongodb").path("volumes")))
                .contains(
                        "./mongodb/mongod.conf:/etc/mongo/mongod.conf:ro",
                        "../" + FIRST_START_SCRIPT.substring("deploy/".length())
                                + ":/docker-entrypoint-initdb.d/10-opentwin.js:ro");
        assertThat(root.resolve(FIRST_START_SCRIPT))
                .as("the first-start script compose mounts")
                .isRegularFile();
    }

    @Test
    void mongoDbInitEnsuresRolesAndUsersOnEveryUpBeforeTheServicesThatUseTheDatabase() throws IOException {
        JsonNode services = compose.path("services");
        JsonNode init = services.path("mongodb-init");
        assertThat(init.isMissingNode()).as("the one-shot service mongodb-init").isFalse();
        assertThat(init.path("restart").asText()).as("one-shot").isEqualTo("no");
        assertThat(init.path("image").asText())
                .as("mongosh comes with MongoDB's image")
                .isEqualTo(services.path("mongodb").path("image").asText());
        assertThat(init.path("depends_on").path("mongodb").path("condition").asText())
                .as("MongoDB answers on its real port first")
                .isEqualTo("service_healthy");

        // It runs the users script, mounted from the one file the Kubernetes Job runs too, over TLS with the CA it is
        // given.
        List<String> command = new ArrayList<>(strings(init.path("entrypoint")));
        command.addAll(strings(init.path("command")));
        String source = "../" + USERS_SCRIPT.substring("deploy/".length());
        String mount = strings(init.path("volumes")).stream()
                .filter(m -> m.startsWith(source + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("mongodb-init mounts " + source + " (" + USERS_SCRIPT + ")"));
        assertThat(root.resolve(USERS_SCRIPT))
                .as("the users script compose mounts")
                .isRegularFile();
        assertThat(command).as("mongodb-init runs the mounted script").contains(mount.split(":")[1]);
        assertThat(command.getFirst()).isEqualTo("mongosh");
        assertThat(command)
                .containsSubsequence("--tlsCAFile", "/run/secrets/ca.pem")
                .doesNotContain("--password");
        List<String> secrets = new ArrayList<>();
        init.path("secrets").forEach(secret -> secrets.add(secret.path("target").asText()));
        assertThat(secrets).contains("ca.pem");
        assertThat(command).anyMatch(part -> part.startsWith("mongodb://mongodb:27017/"));

        // Every password the script reads is set, from .env.
        String users = Files.readString(root.resolve(USERS_SCRIPT));
        Matcher read = Pattern.compile("password\\(\"([A-Z0-9_]+)\"\\)").matcher(users);
        int variables = 0;
        while (read.find()) {
            variables++;
            assertThat(init.path("environment").path(read.group(1)).asText())
                    .as("mongodb-init gets " + read.group(1))
                    .startsWith("${" + read.group(1) + ":?");
        }
        assertThat(variables).isGreaterThan(1);
        // MongoDB itself gets the administrator's password only: its first-start script creates nothing else.
        List<String> mongoDbVariables = new ArrayList<>();
        services.path("mongodb")
                .path("environment")
                .properties()
                .forEach(variable -> mongoDbVariables.add(variable.getKey()));
        assertThat(mongoDbVariables).containsExactly("OPENTWIN_MONGODB_ADMIN_PASSWORD");

        // The services that use the database start after it has succeeded.
        services.properties().forEach(service -> {
            if (service.getValue().path("environment").has("OPEN_TWIN_DATABASE_URL")) {
                assertThat(service.getValue()
                                .path("depends_on")
                                .path("mongodb-init")
                                .path("condition")
                                .asText())
                        .as(service.getKey() + " uses the database: it waits for its user")
                        .isEqualTo("service_completed_successfully");
            }
        });
        // Where the embedded database stands in (no mongo image, no users), mongodb-init must still succeed without the
        // mongo image.
        JsonNode embeddedInit = embedded.path("services").path("mongodb-init");
        assertThat(embeddedInit.isMissingNode())
                .as("compose.embedded-database.yaml replaces mongodb-init")
                .isFalse();
        assertThat(embeddedInit.path("image").asText())
                .as("the embedded override needs no mongo image")
                .doesNotContain("mongo:");
        assertThat(embeddedInit.has("entrypoint") && embeddedInit.has("command"))
                .as("and replaces the mongosh command")
                .isTrue();
    }

    private static List<String> volumeTargets(String service) {
        return strings(compose.path("services").path(service).path("volumes")).stream()
                .map(mount -> mount.split(":")[1])
                .toList();
    }

    /** The Containerfile target of a service's OpenTwin/J image; null for other images. */
    private static String imageTarget(JsonNode service) {
        Matcher matcher = OPENTWIN_IMAGE.matcher(service.path("image").asText());
        return matcher.matches() ? matcher.group(2) : null;
    }

    /** The {@code --flag value} pairs of a service's command. */
    private static Map<String, String> flags(JsonNode service) {
        List<String> command = strings(service.path("command"));
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg.startsWith("--") && arg.contains("=")) {
                flags.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--")
                    && i + 1 < command.size()
                    && !command.get(i + 1).startsWith("--")) {
                flags.put(arg, command.get(++i));
            }
        }
        return flags;
    }

    private static String host(String url) {
        Matcher matcher = URL.matcher(url);
        assertThat(matcher.matches()).as(url).isTrue();
        return matcher.group(1);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static List<String> topologicalOrder(Map<String, List<String>> dependencies) {
        List<String> order = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, List<String>> service : dependencies.entrySet()) {
                if (!order.contains(service.getKey()) && order.containsAll(service.getValue())) {
                    order.add(service.getKey());
                    progress = true;
                }
            }
        }
        return order;
    }

    /** EXPOSE ports per target of the Containerfile. */
    static Map<String, Set<Integer>> exposedPorts(Path containerfile) throws IOException {
        Map<String, Set<Integer>> ports = new LinkedHashMap<>();
        Pattern from = Pattern.compile("^FROM\\s+\\S+\\s+AS\\s+([a-z0-9-]+)\\s*$", Pattern.CASE_INSENSITIVE);
        String stage = null;
        for (String line : Files.readAllLines(containerfile)) {
            Matcher matcher = from.matcher(line);
            if (matcher.matches()) {
                stage = matcher.group(1);
                ports.put(stage, new HashSet<>());
            } else if (stage != null && line.startsWith("EXPOSE ")) {
                for (String port : line.substring("EXPOSE ".length()).trim().split("\\s+")) {
                    ports.get(stage).add(Integer.parseInt(port));
                }
            }
        }
        return ports;
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(root.resolve("systemtest/pom.xml"));
        Matcher matcher = Pattern.compile("(?s)<parent>.*?<version>([^<]+)</version>.*?</parent>")
                .matcher(pom);
        assertThat(matcher.find())
                .as("the parent version in systemtest/pom.xml")
                .isTrue();
        return matcher.group(1);
    }

    private static boolean parserPresent(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Reads YAML with SnakeYAML, else SnakeYAML Engine (both resolve anchors and aliases as
     * compose does; Jackson's YAML module does not), found at run time: neither is a declared
     * dependency of this module yet.
     */
    private static JsonNode readYaml(Path file) throws IOException {
        String text = Files.readString(file);
        Object document;
        try {
            if (parserPresent("org.yaml.snakeyaml.Yaml")) {
                Object yaml = Class.forName("org.yaml.snakeyaml.Yaml")
                        .getConstructor()
                        .newInstance();
                document = yaml.getClass().getMethod("load", String.class).invoke(yaml, text);
            } else {
                Class<?> settingsClass = Class.forName("org.snakeyaml.engine.v2.api.LoadSettings");
                Object builder = settingsClass.getMethod("builder").invoke(null);
                Object settings = builder.getClass().getMethod("build").invoke(builder);
                Class<?> loadClass = Class.forName("org.snakeyaml.engine.v2.api.Load");
                Object load = loadClass.getConstructor(settingsClass).newInstance(settings);
                document = loadClass.getMethod("loadFromString", String.class).invoke(load, text);
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError(
                    file + " is not valid YAML: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the YAML parser", e);
        }
        return new ObjectMapper().valueToTree(document);
    }

    private static Path repositoryRoot() {
        Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("deploy/compose/compose.yaml"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException(
                    "cannot find deploy/compose/compose.yaml above " + System.getProperty("user.dir"));
        }
        return directory;
    }
}
