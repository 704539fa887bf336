package org.opentwinj.bench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the numbers were measured on, for the report: figures without the machine, the JDK and
 * the peer's version cannot be compared with a later run. Read from {@code /proc} and
 * {@code /etc/os-release}; a fact that cannot be read is "unknown", never a failed run.
 */
public final class MachineInfo {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MachineInfo() {}

    /**
     * One line per fact, Markdown-ready: CPU and cores, memory, OS, JDK, then {@code more}
     * (the harness's own facts: the peer's version, the load average, ...).
     *
     * @param jdkUsers        which processes run on this JDK, e.g. "load generator and OpenTwin/J server"
     * @param availableMemory also say how much memory was available at the start (for runs
     *                        whose figures include memory use)
     */
    public static List<String> collect(String jdkUsers, boolean availableMemory, String... more) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue(CPUINFO, "model name") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        lines.add("Memory: " + firstValue(MEMINFO, "MemTotal")
                + (availableMemory ? " (available at the start: " + firstValue(MEMINFO, "MemAvailable") + ")" : ""));
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ")");
        lines.add("JDK (" + jdkUsers + "): " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("java.vm.name"));
        lines.addAll(List.of(more));
        return lines;
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 0.52 0.61 0.70}: a busy machine makes slow figures. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The value of the first {@code key: value} or {@code key=value} line of a file, or "unknown". */
    public static String firstValue(Path file, String key) {
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
