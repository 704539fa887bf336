package org.opentwinj.systemtest.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, offline, as an operator's
 * {@code kubectl apply -k} would. Tests that need it are skipped, loudly, where kubectl is
 * missing. Renders are cached per directory: each takes about a second.
 */
public final class Kustomize {
    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();
    private static volatile Boolean available;

    private Kustomize() {}

    /** Skips the calling test, with the reason, when kubectl is not installed. */
    public static void assumeKubectl() {
        if (available == null) {
            available = probe();
        }
        assumeTrue(
                available,
                "SKIPPED: kubectl is not installed, so the Kubernetes manifests cannot be rendered "
                        + "(install kubectl; it renders kustomizations offline)");
    }

    /** The rendered YAML of the kustomization in {@code directory}. */
    public static String render(Path directory) {
        assumeKubectl();
        return RENDERED.computeIfAbsent(directory.toAbsolutePath().normalize(), Kustomize::run);
    }

    private static String run(Path directory) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + directory + " did not finish within 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + directory + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(errors).strip());
                }
                return new String(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl kustomize " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + directory, e);
        }
    }

    private static boolean probe() {
        try {
            Process process = new ProcessBuilder(List.of("kubectl", "version", "--client"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
