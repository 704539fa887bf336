package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flags up gives its services. */
class ServiceArgumentsTest {
    private final LocalLayout layout = new LocalLayout(Path.of("/data"), "127.0.0.1", LocalLayout.defaultServices());
    private final LocalCertificates certificates = new LocalCertificates(layout.pki());

    @Test
    void servicesThatCheckTheirPeersAtStartWaitForThemLongerThanUpWaitsForThePeers() {
        for (String name : List.of("gss", "relay", "web", "lss")) {
            List<String> arguments = arguments(name);
            int flag = arguments.indexOf("--peer-wait-ms");
            assertThat(flag).as(name).isPositive();
            assertThat(arguments.get(flag + 1)).isEqualTo("600000");
        }
        for (String name : List.of("logger", "database", "auth")) {
            assertThat(arguments(name)).as(name).doesNotContain("--peer-wait-ms");
        }
        assertThat(Collections.frequency(arguments("relay"), "--stopped-by-parent"))
                .isOne();
    }

    @Test
    void theModelThatTrainsTheSessionCacheServesOneProjectWithThePlatformsDatabaseAuthAndLogger() {
        LocalLayout.LocalService model = new LocalLayout.LocalService("model", 9999, 0);

        List<String> arguments = ServiceArguments.sessionCacheTraining(model, "aot-training", layout, certificates);

        assertThat(arguments.subList(0, 2)).containsExactly("run", "model");
        assertThat(arguments)
                .containsSequence("--service-url", "https://127.0.0.1:9999")
                .containsSequence("--project", "aot-training")
                .containsSequence("--database-url", layout.databaseUrl())
                .containsSequence("--auth-url", layout.urlOf(LocalLayout.AUTH).toString())
                .containsSequence("--cert", certificates.cert("model").toString())
                .contains("--stopped-by-parent");
    }

    private List<String> arguments(String name) {
        LocalLayout.LocalService service = layout.services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
        return ServiceArguments.of(service, layout, certificates);
    }
}
