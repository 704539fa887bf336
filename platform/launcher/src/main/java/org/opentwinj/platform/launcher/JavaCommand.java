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
        return of(mainClass, List.of(), arguments);
    }

    /**
     * @param mainClass  the entry point, usually the CLI
     * @param jvmOptions the child's own JVM options ({@link JvmOptions}); the parent's come after
     *     them, so they win where both set the same thing
     * @param arguments  its arguments
     */
    public static List<String> of(String mainClass, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(inherited(ManagementFactory.getRuntimeMXBean().getInputArguments(), jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * The parent's JVM options a child gets. Not: debug agents and JMX ports (they cannot be
     * shared between processes); the parent's training of its AOT cache (it is the parent's
     * alone); and, when the child has an AOT cache of its own, the parent's cache or
     * class-data-sharing archive (a JVM maps one).
     */
    static List<String> inherited(List<String> parentOptions, List<String> childOptions) {
        boolean childHasCache = childOptions.stream().anyMatch(JavaCommand::isCacheOption);
        List<String> options = new ArrayList<>();
        for (String option : parentOptions) {
            if (option.startsWith("-agentlib:jdwp")
                    || option.startsWith("-Dcom.sun.management.jmxremote.port")
                    || option.startsWith("-XX:AOTCacheOutput=")
                    || option.startsWith("-XX:AOTConfiguration=")
                    || option.startsWith("-XX:AOTMode=")
                    || (childHasCache && isCacheOption(option))) {
                continue;
            }
            options.add(option);
        }
        return options;
    }

    private static boolean isCacheOption(String option) {
        return option.startsWith("-XX:AOTCache=")
                || option.startsWith("-XX:AOTCacheOutput=")
                || option.startsWith("-XX:SharedArchiveFile=")
                || option.equals("-XX:+AutoCreateSharedArchive")
                || option.startsWith("-XX:ArchiveClassesAtExit=");
    }
}
