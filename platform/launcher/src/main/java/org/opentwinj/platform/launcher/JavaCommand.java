package org.opentwinj.platform.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts another process of this same distribution: the running
 * JVM's java binary, its JVM options and its class path. {@code opentwin up} and the LSS
 * use it, so that every service runs the exact code and JDK the parent runs.
 */
public final class JavaCommand {
    private JavaCommand() {}

    /**
     * @param mainClass the entry point, usually the CLI
     * @param arguments its arguments
     */
    public static List<String> of(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Debug agents and JMX ports cannot be shared between processes.
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Dcom.sun.management.jmxremote.port")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
