package org.opentwinj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.launcher.ServiceDefinition;

class ServiceCatalogTest {
    @Test
    void everyNameCreatesTheServiceOfThatName() {
        assertThat(ServiceCatalog.all())
                .extracting(ServiceDefinition::name)
                .containsExactlyElementsOf(ServiceCatalog.NAMES);
        assertThat(ServiceCatalog.named("no-such-service")).isEmpty();
    }

    @Test
    void runningOneServiceCreatesOnlyThatOne() {
        assertThat(ServiceCatalog.forArguments(new String[] {"run", "auth", "--service-url", "https://auth:8092"}))
                .extracting(ServiceDefinition::name)
                .containsExactly("auth");
    }

    @Test
    void runAloneOrWithAnUnknownNameListsEveryServiceAndOtherCommandsNeedNone() {
        assertThat(ServiceCatalog.forArguments(new String[] {"run", "--help"})).hasSize(ServiceCatalog.NAMES.size());
        assertThat(ServiceCatalog.forArguments(new String[] {"run", "nothing"})).hasSize(ServiceCatalog.NAMES.size());
        assertThat(ServiceCatalog.forArguments(new String[] {"certs", "issue", "--cn", "mongodb"}))
                .isEmpty();
        assertThat(ServiceCatalog.forArguments(new String[0])).isEmpty();
    }

    @Test
    void aServiceNamedInAJarsServiceLoaderEntryIsFoundButNoneIsShipped(@TempDir Path extraJar) throws Exception {
        assertThat(ServiceCatalog.extras(ServiceCatalogTest.class.getClassLoader()))
                .as("the distribution itself registers no extra services")
                .isEmpty();
        Path entry = extraJar.resolve("META-INF/services/" + ServiceDefinition.class.getName());
        Files.createDirectories(entry.getParent());
        Files.writeString(entry, ExtraTestService.class.getName() + "\n");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {extraJar.toUri().toURL()}, ServiceCatalogTest.class.getClassLoader())) {
            assertThat(ServiceCatalog.extras(loader))
                    .extracting(ServiceDefinition::name)
                    .containsExactly("extra-test");
        }
    }

    @Test
    void aPooledJvmCreatesTheSessionServicesOnlyNeverThePlatformsOwn() {
        assertThat(ServiceCatalog.forArguments(new String[] {"run", "--pooled", "--pool-warm-file", "/w/jvm-1.warm"}))
                .extracting(ServiceDefinition::name)
                .containsExactly("model", "echo")
                .doesNotContainAnyElementsOf(ServiceCatalog.PLATFORM);
    }
}
