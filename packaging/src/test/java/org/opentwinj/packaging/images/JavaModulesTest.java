package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaModulesTest {
    /** A distribution like ours, as {@code jdeps -s -R} prints it. */
    private static final String SUMMARY = """
            opentwin-cli.jar -> java.base
            opentwin-cli.jar -> java.net.http
            opentwin-cli.jar -> lib/opentwin-auth-1.0.jar
            opentwin-cli.jar -> lib/opentwin-database-1.0.jar
            opentwin-cli.jar -> lib/opentwin-launcher-1.0.jar
            opentwin-auth-1.0.jar -> lib/opentwin-launcher-1.0.jar
            opentwin-auth-1.0.jar -> lib/mongodb-driver-1.0.jar
            opentwin-auth-1.0.jar -> java.base
            opentwin-database-1.0.jar -> lib/mongo-java-server-h2-backend-1.0.jar
            opentwin-database-1.0.jar -> lib/opentwin-launcher-1.0.jar
            mongo-java-server-h2-backend-1.0.jar -> lib/h2-1.0.jar
            mongo-java-server-h2-backend-1.0.jar -> lib/netty-1.0.jar
            h2-1.0.jar -> java.sql
            netty-1.0.jar -> jdk.unsupported
            mongodb-driver-1.0.jar -> java.naming
            mongodb-driver-1.0.jar -> lib/netty-1.0.jar
            mongodb-driver-1.0.jar -> not found
            opentwin-launcher-1.0.jar -> java.management
            Warning: split package
            """;

    private final JavaModules modules = JavaModules.parse(SUMMARY, "/dist/opentwin-cli.jar");

    @Test
    void aServiceGetsTheModulesItsJarsReachPlusTheCliAndTheOnesLoadedByName() {
        assertThat(modules.forService("opentwin-auth-1.0.jar"))
                .containsExactly(
                        "java.base",
                        "java.management",
                        "java.naming",
                        "java.net.http",
                        "jdk.naming.dns",
                        "jdk.unsupported");
        assertThat(modules.forService("opentwin-database-1.0.jar"))
                .contains("java.sql")
                .doesNotContain("java.naming");
    }

    @Test
    void anImageWithAModuleFoundByNameGetsWhatEachOfItsJarsReaches() {
        String summary = SUMMARY + "opentwin-spawner-kubernetes-1.0.jar -> lib/kubernetes-client-1.0.jar\n"
                + "kubernetes-client-1.0.jar -> jdk.crypto.ec\n";
        JavaModules withSpawner = JavaModules.parse(summary, "opentwin-cli.jar");
        assertThat(withSpawner.forService(List.of("opentwin-auth-1.0.jar", "opentwin-spawner-kubernetes-1.0.jar")))
                .contains("jdk.crypto.ec", "java.naming");
        assertThat(withSpawner.forService("opentwin-auth-1.0.jar")).doesNotContain("jdk.crypto.ec");
        assertThat(withSpawner.forService(List.of("opentwin-auth-1.0.jar", "opentwin-unknown-1.0.jar")))
                .isEqualTo(withSpawner.forDistribution());
    }

    @Test
    void theWholeDistributionIsWhatAnLssNeedsAndAnUnknownJarGetsIt() {
        assertThat(modules.forDistribution()).contains("java.sql", "java.naming", "java.management", "jdk.unsupported");
        assertThat(modules.forService("opentwin-unknown-1.0.jar")).isEqualTo(modules.forDistribution());
    }

    @Test
    void aModuleAJarRequiresOnlyStaticallyIsLeftToTheJarsThatNeedIt() {
        String summary = SUMMARY + "mongodb-driver-1.0.jar -> java.desktop\nh2-1.0.jar -> java.desktop\n";
        JavaModules optional = JavaModules.parse(
                summary, "opentwin-cli.jar", Map.of("mongodb-driver-1.0.jar", Set.of("java.desktop")));
        assertThat(optional.forService("opentwin-auth-1.0.jar")).doesNotContain("java.desktop");
        assertThat(optional.forService("opentwin-database-1.0.jar")).contains("java.desktop");
        assertThat(JavaModules.parse(summary, "opentwin-cli.jar").forService("opentwin-auth-1.0.jar"))
                .contains("java.desktop");
    }

    @Test
    void theStaticRequirementsComeFromTheJarsModuleDescriptors() {
        // Jackson's databind, on this test's class path, requires java.desktop statically (java.beans).
        Path jackson = Path.of(com.fasterxml.jackson.databind.ObjectMapper.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        Map<String, Set<String>> optional = JavaModules.optionalModules(jackson.getParent());
        assertThat(optional.get(jackson.getFileName().toString())).contains("java.desktop");
    }
}
