package org.opentwinj.systemtest.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service targets of deploy/containers/Containerfile (the stages built {@code FROM
 * service}, which {@code opentwin images build} turns into {@code <repository>/<target>:<tag>})
 * and the ports each EXPOSEs.
 */
final class ContainerfileTargets {
    private static final Pattern TARGET =
            Pattern.compile("^FROM\\s+service\\s+AS\\s+([a-z0-9-]+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern STAGE = Pattern.compile("^FROM\\s+.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPOSE = Pattern.compile("^EXPOSE\\s+(.+)$", Pattern.CASE_INSENSITIVE);

    private ContainerfileTargets() {}

    /** Target name to the ports it exposes (empty for session services, whose port the LSS gives). */
    static Map<String, List<Integer>> exposedPorts() {
        List<String> lines;
        try {
            lines = Files.readAllLines(RepositoryFiles.containerfile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RepositoryFiles.containerfile(), e);
        }
        Map<String, List<Integer>> targets = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            String text = line.strip();
            Matcher target = TARGET.matcher(text);
            Matcher expose = EXPOSE.matcher(text);
            if (target.matches()) {
                current = target.group(1).toLowerCase(Locale.ROOT);
                targets.put(current, new ArrayList<>());
            } else if (STAGE.matcher(text).matches()) {
                current = null;
            } else if (expose.matches() && current != null) {
                for (String port : expose.group(1).strip().split("\\s+")) {
                    targets.get(current).add(Integer.parseInt(port.replace("/tcp", "")));
                }
            }
        }
        if (targets.isEmpty()) {
            throw new AssertionError(RepositoryFiles.containerfile() + " has no 'FROM service AS <name>' target");
        }
        return targets;
    }
}
