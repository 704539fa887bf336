package org.opentwinj.systemtest.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.opentwinj.cli.OpenTwinCli;

/**
 * The service images, built once per test JVM by {@code opentwin images build --local-base}
 * into the container tests' podman store, for every IT that runs containers (ContainersIT, the
 * {@code podman kube play} smoke test). The store keeps them between runs and the build
 * keeps an image whose inputs (distribution, Containerfile, base) did not change, so a second
 * run of an unchanged tree costs seconds.
 *
 * <pre>{@code
 * ContainerImages.Built images = ContainerImages.builtOnce();   // skips the test when podman is missing
 * images.podman().require("run", "--rm", images.image("gss"), "--help");
 * }</pre>
 */
final class ContainerImages {
    /** Names of the images: {@code localhost/opentwin-it/<service>:it}. */
    static final String REPOSITORY = "localhost/opentwin-it";

    static final String TAG = "it";
    /** Every image the Containerfile builds, in its order. */
    static final List<String> SERVICES =
            List.of("logger", "database", "auth", "gss", "lss", "lss-kubernetes", "relay", "web", "model", "echo");

    private static Built built;
    private static AssertionError failure;

    private ContainerImages() {}

    /**
     * The built images.
     *
     * @param podman   the podman of the store they are in (run containers with it)
     * @param output   what {@code opentwin images build} printed
     * @param took     how long the build took in this JVM
     */
    record Built(ContainerPodman podman, String output, Duration took) {
        /** The image of a service. */
        String image(String service) {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("no image for '" + service + "': " + SERVICES);
            }
            return REPOSITORY + "/" + service + ":" + TAG;
        }
    }

    /**
     * Builds the images the first time it is called in this JVM and hands back the same result
     * (or the same failure) afterwards. Also removes what earlier, killed runs left in the store.
     *
     * @throws org.opentest4j.TestAbortedException when podman or runc is missing, with the reason
     * @throws AssertionError when the build fails, with its output
     */
    static synchronized Built builtOnce() {
        Optional<String> missing = ContainerPodman.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "SKIPPED, containers not tested: " + missing.orElseThrow());
        if (failure != null) {
            throw failure;
        }
        if (built != null) {
            return built;
        }
        Path distribution =
                Path.of(System.getProperty("opentwin.distribution", "target")).toAbsolutePath();
        ContainerPodman podman = ContainerPodman.store(distribution.resolve("containers-it"));
        List<String> swept = podman.sweepLeftovers();
        if (!swept.isEmpty()) {
            System.out.println("ContainerImages: removed what earlier runs left: " + swept);
        }
        Instant start = Instant.now();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpenTwinCli.execute(
                new String[] {
                    "images",
                    "build",
                    "--engine",
                    "podman",
                    "--local-base",
                    "--distribution",
                    distribution.toString(),
                    "--repository",
                    REPOSITORY,
                    "--tag",
                    TAG
                },
                podman.environment(),
                Catalog.services(),
                new PrintStream(new TeeOutputStream(out, System.out), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        if (code != 0) {
            failure = new AssertionError("opentwin images build failed with exit code " + code + ":\n"
                    + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
            throw failure;
        }
        // Images replaced by newer builds stay as unnamed layers; a day's worth is kept as build cache.
        podman.run("image", "prune", "--force", "--filter", "until=24h");
        built = new Built(podman, out.toString(StandardCharsets.UTF_8), Duration.between(start, Instant.now()));
        return built;
    }
}
