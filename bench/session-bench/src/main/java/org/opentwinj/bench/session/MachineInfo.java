package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the numbers were measured on, for the report: without it they cannot be compared with a later run. */
final class MachineInfo {
    private MachineInfo() {}

    /** One line per fact, Markdown-ready. */
    static List<String> collect(Distribution distribution) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        lines.add("Memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal") + " (available at the start: "
                + firstValue(Path.of("/proc/meminfo"), "MemAvailable") + ")");
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ")");
        lines.add("JDK (harness, platform, session services and direct starts): " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("java.vm.name"));
        lines.add("Distribution: " + distribution.jars() + " jars (opentwin-cli.jar and lib/), copied into the run directory at the start; class path spelled out in a fixed order");
        return lines;
    }

    /** The value of the first {@code key: value} or {@code key=value} line, or "unknown". */
    static String firstValue(Path file, String key) {
        try {
            return firstValue(Files.readAllLines(file, StandardCharsets.UTF_8), key);
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String firstValue(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String rest = line.substring(key.length()).strip();
                if (rest.startsWith(":") || rest.startsWith("=")) {
                    return rest.substring(1).strip();
                }
            }
        }
        return "unknown";
    }
}
