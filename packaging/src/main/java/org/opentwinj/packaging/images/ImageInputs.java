package org.opentwinj.packaging.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * A digest of everything an image is built from, kept in the image's {@link #LABEL} so that
 * {@code images build} can keep an image whose inputs did not change instead of building it
 * again (jdeps, jlink and the layers take minutes on a small machine; the digest reads 30 MB).
 *
 * <p>The inputs: the Containerfile, the target, the files of the build context (name and
 * content), the build arguments (the creation time excepted: it changes on every build and
 * is only a label, and so is the revision) and the identities of the images built from.
 */
final class ImageInputs {
    /** The image label holding the digest. */
    static final String LABEL = "io.opentwinj.inputs";
    /**
     * Build arguments that are not inputs. (The creation time, the revision and this digest are
     * labels given to the build, not arguments: the revision changes with every commit of the
     * checkout, also one that changes nothing in the image, so a kept image carries the
     * revision and time of the first build with its inputs.)
     */
    static final List<String> NOT_INPUTS = List.of("CREATED", "REVISION", "INPUTS");

    private final String common;

    private ImageInputs(String common) {
        this.common = common;
    }

    /**
     * @param containerfile the Containerfile
     * @param files         the files that make up the build context, each under the name it gets there
     * @param arguments     the build arguments
     * @param baseImages    the images built from, each with its identity (an image id, or its
     *                      name when it is only in a registry)
     * @throws ExitException (invalid configuration) when a file cannot be read
     */
    static ImageInputs of(
            Path containerfile,
            Map<String, Path> files,
            Map<String, String> arguments,
            Map<String, String> baseImages) {
        MessageDigest digest = sha256();
        update(digest, "containerfile", containerfile);
        new TreeMap<>(files).forEach((name, file) -> update(digest, "file " + name, file));
        new TreeMap<>(arguments).forEach((name, value) -> {
            if (!NOT_INPUTS.contains(name)) {
                update(digest, "argument " + name + "=" + value);
            }
        });
        new TreeMap<>(baseImages).forEach((name, id) -> update(digest, "image " + name + "=" + id));
        return new ImageInputs(HexFormat.of().formatHex(digest.digest()));
    }

    /** The digest of the inputs of one service's image (a target of the Containerfile). */
    String forService(String service) {
        MessageDigest digest = sha256();
        update(digest, common);
        update(digest, "target " + service);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of a file's content and of some text, for inputs that are not a Containerfile build. */
    static String ofFiles(List<Path> files, String text) {
        MessageDigest digest = sha256();
        files.forEach(file -> update(digest, "file " + file.toAbsolutePath().normalize(), file));
        update(digest, text);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that two inputs never run into each other.
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static void update(MessageDigest digest, String name, Path file) {
        update(digest, name);
        if (file.getFileName().toString().endsWith(".jar")) {
            updateJar(digest, file);
            return;
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            update(digest, Long.toString(Files.size(file)));
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A jar by its entries' names and contents, not its bytes: Maven writes the jar anew
     * (new time stamps) whenever it recompiles, also when no class changed.
     */
    private static void updateJar(MessageDigest digest, Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = zip.stream()
                    .filter(entry -> !entry.isDirectory())
                    .sorted(Comparator.comparing(ZipEntry::getName))
                    .toList();
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry : entries) {
                update(digest, entry.getName());
                update(digest, Long.toString(entry.getSize()));
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        digest.update(buffer, 0, read);
                    }
                }
            }
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot read the jar " + jar + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
