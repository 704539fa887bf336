package org.opentwinj.bench.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the numbers were measured on, for the report: numbers without the machine, JDK, node
 * and proxy versions cannot be compared with a later run.
 */
final class MachineInfo {
    private MachineInfo() {}

    /** One line per fact, Markdown-ready. */
    static List<String> collect(BenchOptions options) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        lines.add("Memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ")");
        lines.add("JDK (load generator, echo service, relay): " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("java.vm.name"));
        lines.add("node: " + ChpProcess.nodeVersion(options.node()) + "; configurable-http-proxy "
                + ChpProcess.packageVersion(options.chp(), "configurable-http-proxy") + ", http-proxy-3 "
                + ChpProcess.packageVersion(options.chp(), "http-proxy-3"));
        lines.add("Load average before the run (1, 5, 15 min): " + loadAverage());
        return lines;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).strip().split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
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
