package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the numbers were measured on, for the report: numbers without the machine, JDK and
 * nginx/OpenSSL versions cannot be compared with a later run.
 */
final class MachineInfo {
    private MachineInfo() {}

    /** One line per fact, Markdown-ready. */
    static List<String> collect(Path nginx) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        lines.add("Memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ")");
        lines.add("JDK (load generator and OpenTwin/J server): " + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("java.vm.name"));
        lines.add("nginx: " + String.join("; ", nginxVersion(nginx)));
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

    /** The version lines of {@code nginx -V}, without the long configure arguments. */
    private static List<String> nginxVersion(Path nginx) {
        try {
            Process p = new ProcessBuilder(nginx.toString(), "-V").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("unknown (nginx -V did not answer)");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().filter(l -> l.startsWith("nginx version") || l.startsWith("built with")).toList();
        } catch (IOException e) {
            return List.of("unknown (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("unknown");
        }
    }
}
