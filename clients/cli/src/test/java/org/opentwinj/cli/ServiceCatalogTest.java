package org.opentwinj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
    void aPooledJvmCreatesTheSessionServicesOnlyNeverThePlatformsOwn() {
        assertThat(ServiceCatalog.forArguments(new String[] {"run", "--pooled", "--pool-warm-file", "/w/jvm-1.warm"}))
                .extracting(ServiceDefinition::name)
                .containsExactly("model", "echo")
                .doesNotContainAnyElementsOf(ServiceCatalog.PLATFORM);
    }
}
