package org.opentwinj.bench.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the harness reads from /proc: command lines (to find session services, which the LSS
 * and not the harness started), peak and current resident memory, whether a process mapped
 * an archive file, and the machine's CPU counters. Parsers are pure and unit tested; readers
 * answer "unknown" (-1, empty) rather than fail, since a process may exit at any moment.
 */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    /** The command line with NULs as spaces, or "" when the process is gone or unreadable. */
    static String commandLine(long pid) {
        try {
            return new String(
                            Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The command line as its separate arguments, or empty. */
    static List<String> arguments(long pid) {
        try {
            String raw = new String(
                    Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")), StandardCharsets.UTF_8);
            return splitNul(raw);
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<String> splitNul(String raw) {
        List<String> parts = new ArrayList<>(List.of(raw.split("\0")));
        while (!parts.isEmpty() && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        return parts;
    }

    /**
     * Live processes whose command line contains every one of the texts. Read from /proc: the
     * JDK's {@code ProcessHandle.Info} cuts long command lines.
     */
    static List<Long> pidsWith(String... texts) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == ProcessHandle.current().pid()) {
                    continue;
                }
                String line = commandLine(pid);
                boolean all = !line.isEmpty();
                for (String text : texts) {
                    all &= line.contains(text);
                }
                if (all) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return pids;
    }

    /** Peak resident memory (VmHWM) in kB, -1 when unknown. */
    static long peakRssKib(long pid) {
        return statusValue(status(pid), "VmHWM:");
    }

    /** Current resident memory (VmRSS) in kB, -1 when unknown. */
    static long rssKib(long pid) {
        return statusValue(status(pid), "VmRSS:");
    }

    private static String status(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The kB value of a {@code Name:   123 kB} line of /proc/PID/status, -1 when absent. */
    static long statusValue(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Whether the process has the file mapped (a CDS archive or AOT cache in use shows up here). */
    static boolean maps(long pid, Path file) {
        try (Stream<String> lines =
                Files.lines(PROC.resolve(Long.toString(pid)).resolve("maps"), StandardCharsets.UTF_8)) {
            String wanted = file.toAbsolutePath().toString();
            return lines.anyMatch(line -> line.endsWith(wanted));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** CPU time (user + system) of one process in nanoseconds, -1 when unknown. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    /** The machine's CPU counters (busy and total jiffies over all cores), from /proc/stat. */
    record CpuCounters(long busy, long total) {
        /** Busy share of all cores between two readings, in % (100 = every core busy); NaN if unknown. */
        double busyPercentSince(CpuCounters before) {
            long total = this.total - before.total;
            return before.total < 0 || this.total < 0 || total <= 0 ? Double.NaN : 100.0 * (busy - before.busy) / total;
        }
    }

    static CpuCounters machineCpu() {
        try {
            return parseCpuLine(Files.readAllLines(PROC.resolve("stat"), StandardCharsets.US_ASCII)
                    .getFirst());
        } catch (IOException | RuntimeException e) {
            return new CpuCounters(-1, -1);
        }
    }

    /** Parses the {@code cpu  user nice system idle iowait irq softirq steal ...} line: idle and iowait are not busy. */
    static CpuCounters parseCpuLine(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 5 || !parts[0].equals("cpu")) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
        }
        long total = 0, idle = 0;
        // Guest time is already counted in user and nice: fields 9 and 10 are left out.
        for (int i = 1; i < Math.min(parts.length, 9); i++) {
            long v = Long.parseLong(parts[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new CpuCounters(total - idle, total);
    }

    /**
     * How much of the machine other processes used while something of ours ran: the busy share
     * of all cores minus our own CPU time as a share of all cores, in % (100 = every core busy
     * with others' work). Can come out slightly below 0 from sampling; NaN when unknown.
     *
     * @param machineBusyPercent the busy share of all cores over the period, from {@link CpuCounters#busyPercentSince}
     * @param ourCpuNanos        CPU time of our processes during the period
     * @param periodNanos        the period's length
     * @param cores              the machine's cores
     */
    static double otherLoadPercent(double machineBusyPercent, long ourCpuNanos, long periodNanos, int cores) {
        if (Double.isNaN(machineBusyPercent) || ourCpuNanos < 0 || periodNanos <= 0 || cores < 1) {
            return Double.NaN;
        }
        return machineBusyPercent - 100.0 * ourCpuNanos / ((double) periodNanos * cores);
    }
}
