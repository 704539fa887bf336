package org.opentwinj.platform.spawner.local;

import sun.misc.Signal;

/**
 * Processes with known bad habits for the spawner contract tests: {@code sleep} runs until
 * stopped, {@code stubborn} ignores SIGTERM, {@code crash CODE MILLIS} exits with CODE after
 * MILLIS, {@code fail MESSAGE} logs MESSAGE as a JSON error record and exits with 1,
 * {@code env NAME} prints a variable and sleeps, {@code pwd} prints its working directory and sleeps.
 */
public final class FakeService {
    private FakeService() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "sleep" -> {
                System.out.println("sleeping");
                Thread.sleep(600_000);
            }
            case "stubborn" -> {
                Signal.handle(new Signal("TERM"), signal -> System.out.println("ignoring SIGTERM"));
                System.out.println("stubborn");
                Thread.sleep(600_000);
            }
            case "crash" -> {
                Thread.sleep(Long.parseLong(args[2]));
                System.out.println("crashing");
                System.exit(Integer.parseInt(args[1]));
            }
            case "fail" -> {
                System.out.println("{\"level\":\"ERROR\",\"message\":\"" + args[1] + "\"}");
                System.out.println("{\"level\":\"INFO\",\"message\":\"stopped\"}");
                System.exit(1);
            }
            case "pwd" -> {
                System.out.println("pwd=" + System.getProperty("user.dir"));
                Thread.sleep(600_000);
            }
            case "env" -> {
                System.out.println(args[1] + "=" + System.getenv(args[1]));
                Thread.sleep(600_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
