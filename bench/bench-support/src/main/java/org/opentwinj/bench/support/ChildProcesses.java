package org.opentwinj.bench.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every harness does with the processes it starts (servers, services, proxies): stopping
 * them for sure, free ports, waiting until they listen, their CPU time, the tail of their log.
 */
public final class ChildProcesses {
    /** Lines of a log that {@link #tail(Path)} quotes. */
    public static final int TAIL_LINES = 15;

    private ChildProcesses() {}

    /**
     * Stops a process and everything it started: a polite signal first (SIGTERM), then SIGKILL
     * after {@code grace}.
     */
    public static void stop(Process process, Duration grace) {
        stop(process, List.of(), grace);
    }

    /**
     * Like {@link #stop(Process, Duration)}, also for {@code known} processes seen earlier:
     * nginx workers whose master died are no longer its descendants but still serve.
     */
    public static void stop(Process process, List<ProcessHandle> known, Duration grace) {
        List<ProcessHandle> children = new ArrayList<>(known);
        children.addAll(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // Children normally exit with their parent; make sure none is left behind.
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * The clean stop of a child that stops itself when its standard input closes (a service
     * under the launcher, a server whose harness died): closes its stdin, gives it {@code wait}
     * to exit, then {@link #stop(Process, Duration)} with {@code grace} for whatever is left.
     */
    public static void closeInputThenStop(Process process, Duration wait, Duration grace) {
        try {
            process.getOutputStream().close();
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException alreadyGone) {
            // Its end of the pipe is closed: it has exited, and the signals below are harmless.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(process, grace);
    }

    /**
     * A port free on 127.0.0.1 right now, for a process that must be told its port (nginx,
     * a service's {@code --service-url}, a proxy's {@code --port}).
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** Waits until something accepts TCP connections on 127.0.0.1:port, or the process died. */
    public static void awaitListening(Process process, int port, Duration timeout, String what, Path log)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + " before listening" + tail(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException(
                what + " did not listen on 127.0.0.1:" + port + " within " + timeout.toSeconds() + "s" + tail(log));
    }

    /**
     * CPU time (user + system) used so far by a process and its descendants, in nanoseconds;
     * -1 when the platform does not report it. Sampled before and after a measured period, it
     * tells how much CPU a process spent per request or message, which the shared client cannot hide.
     */
    public static long cpuNanos(ProcessHandle process) {
        long total = cpu(process);
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : process.descendants().toList()) {
            long c = cpu(child);
            total += Math.max(0, c);
        }
        return total;
    }

    /** CPU time of this one process (the load generator), without the processes it started. */
    public static long ownCpuNanos() {
        return cpu(ProcessHandle.current());
    }

    private static long cpu(ProcessHandle handle) {
        return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The last {@link #TAIL_LINES} lines of a log file, for error messages. */
    public static String tail(Path log) {
        return tail(log, TAIL_LINES);
    }

    /**
     * The last {@code count} lines of a log file as {@code "; last lines of LOG:\n  ..."}, to
     * append to an error message; empty when the log is empty or cannot be read (the error
     * being reported matters more than the missing log).
     */
    public static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
            return last.isEmpty() ? "" : "; last lines of " + log + ":\n  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sleeps; an interrupt becomes an {@link IllegalStateException}, with the flag set again. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
