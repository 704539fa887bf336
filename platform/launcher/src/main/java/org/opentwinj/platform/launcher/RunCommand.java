package org.opentwinj.platform.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.launcher.pool.NetworkAssignment;
import org.opentwinj.platform.launcher.pool.PooledLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds {@code opentwin run <service> [flags]}: one subcommand per service, whose options
 * are generated from the service's settings so that {@code --help}, the flags and the
 * {@code OPEN_TWIN_*} variables can never drift apart.
 */
public final class RunCommand {
    private static final String POOLED = "--pooled";
    private static final String POOL_WARM_FILE = "--pool-warm-file";
    private static final String POOL_PORT = "--pool-port";
    private static final String POOL_BIND = "--pool-bind";
    private static final String POOL_CERT = "--pool-cert";
    private static final String POOL_KEY = "--pool-key";
    private static final String POOL_CA = "--pool-ca";
    private static final String POOL_LSS = "--pool-lss";
    private static final String POOL_FILES = "--pool-files";
    /** The flags of the network assignment channel: all of them, or none (standard input). */
    private static final List<String> NETWORK_FLAGS =
            List.of(POOL_PORT, POOL_CERT, POOL_KEY, POOL_CA, POOL_LSS, POOL_FILES);

    private RunCommand() {}

    /**
     * @param services    the services this distribution can run
     * @param environment the process environment
     * @param console     where start-up failures are reported for people
     */
    public static CommandLine create(
            List<ServiceDefinition> services, Map<String, String> environment, PrintStream console) {
        String names =
                String.join(", ", services.stream().map(ServiceDefinition::name).toList());
        CommandSpec[] self = new CommandSpec[1];
        Callable<Integer> missingService = () -> {
            ParseResult parsed = self[0].commandLine().getParseResult();
            if (parsed.hasMatchedOption(POOLED)) {
                Optional<Path> warmFile = Optional.ofNullable(parsed.matchedOptionValue(POOL_WARM_FILE, null));
                PooledLauncher pooled = new PooledLauncher(
                        services, environment, console, Optional.ofNullable(parsed.matchedOptionValue(POOL_CA, null)));
                Optional<NetworkAssignment> network = networkAssignment(self[0].commandLine());
                return network.map(channel -> pooled.run(channel, warmFile))
                        .orElseGet(() -> pooled.run(System.in, warmFile))
                        .code();
            }
            throw new CommandLine.ParameterException(self[0].commandLine(), "name the service to run: one of " + names);
        };
        CommandSpec run =
                CommandSpec.wrapWithoutInspection(missingService).name("run").mixinStandardHelpOptions(true);
        self[0] = run;
        run.usageMessage().description("Runs one service in the foreground until SIGTERM, Ctrl-C or POST /shutdown.");
        run.addOption(OptionSpec.builder(POOLED)
                .arity("0")
                .description(
                        "a JVM of an LSS's warm pool: warm up, then become the service of the one assignment read from standard input (the LSS starts these)")
                .build());
        run.addOption(OptionSpec.builder(POOL_WARM_FILE)
                .type(Path.class)
                .arity("1")
                .paramLabel("FILE")
                .description("with --pooled: the file to create once warm")
                .build());
        addPoolOption(
                run,
                POOL_PORT,
                Integer.class,
                "PORT",
                "with --pooled: get the assignment over mTLS (Pool.Assign) on this port instead of standard input (a pod)");
        addPoolOption(
                run,
                POOL_BIND,
                String.class,
                "ADDRESS",
                "with --pool-port: the address to listen on (default 0.0.0.0)");
        addPoolOption(run, POOL_CERT, Path.class, "FILE", "with --pool-port: the pool certificate of this JVM");
        addPoolOption(run, POOL_KEY, Path.class, "FILE", "with --pool-port: its private key");
        addPoolOption(
                run,
                POOL_CA,
                Path.class,
                "FILE",
                "with --pooled: the platform's CA bundle, trusted by the warm-up's database connection and,"
                        + " with --pool-port, the one the assigning LSS's certificate must chain to");
        addPoolOption(
                run,
                POOL_LSS,
                String.class,
                "CN",
                "with --pool-port: the certificate CN of the one LSS allowed to assign this JVM");
        addPoolOption(
                run,
                POOL_FILES,
                Path.class,
                "DIR",
                "with --pool-port: where the assigned identity's files are written");
        CommandLine runLine = new CommandLine(run);
        for (ServiceDefinition service : services) {
            runLine.addSubcommand(service.name(), new CommandLine(serviceSpec(service, environment, console)));
        }
        return runLine;
    }

    private static void addPoolOption(CommandSpec run, String name, Class<?> type, String label, String description) {
        run.addOption(OptionSpec.builder(name)
                .type(type)
                .arity("1")
                .paramLabel(label)
                .description(description)
                .build());
    }

    /**
     * The network channel when {@code --pool-port} is given: every flag of it is then needed.
     *
     * @throws CommandLine.ParameterException naming the missing flags
     */
    private static Optional<NetworkAssignment> networkAssignment(CommandLine line) {
        ParseResult parsed = line.getParseResult();
        List<String> given =
                NETWORK_FLAGS.stream().filter(parsed::hasMatchedOption).toList();
        // --pool-ca alone is the trust of a local pooled JVM's warm-up, not a network channel.
        if (given.isEmpty() || given.equals(List.of(POOL_CA))) {
            return Optional.empty();
        }
        if (given.size() < NETWORK_FLAGS.size()) {
            List<String> missing =
                    NETWORK_FLAGS.stream().filter(flag -> !given.contains(flag)).toList();
            throw new CommandLine.ParameterException(
                    line, "the assignment over the network needs " + String.join(", ", missing) + " too");
        }
        return Optional.of(new NetworkAssignment(
                parsed.matchedOptionValue(POOL_BIND, "0.0.0.0"),
                parsed.<Integer>matchedOptionValue(POOL_PORT, 0),
                parsed.matchedOptionValue(POOL_CERT, null),
                parsed.matchedOptionValue(POOL_KEY, null),
                parsed.matchedOptionValue(POOL_CA, null),
                parsed.matchedOptionValue(POOL_LSS, null),
                parsed.matchedOptionValue(POOL_FILES, null)));
    }

    private static CommandSpec serviceSpec(
            ServiceDefinition service, Map<String, String> environment, PrintStream console) {
        List<Setting<?>> settings = ServiceLauncher.settingsOf(service);
        CommandSpec[] self = new CommandSpec[1];
        Callable<Integer> launch = () -> {
            Map<String, String> flags = givenFlags(self[0].commandLine().getParseResult(), settings);
            return new ServiceLauncher(service, console).run(flags, environment).code();
        };
        CommandSpec spec =
                CommandSpec.wrapWithoutInspection(launch).name(service.name()).mixinStandardHelpOptions(true);
        self[0] = spec;
        spec.usageMessage()
                .description(
                        service.description(),
                        "",
                        "Every flag can also be set with its environment variable; flags win over variables.");
        for (Setting<?> setting : settings) {
            OptionSpec.Builder option =
                    OptionSpec.builder(setting.flag()).type(String.class).description(describe(setting));
            if (setting.isSwitch()) {
                option.arity("0..1").fallbackValue("true").paramLabel("BOOL");
            } else {
                option.arity("1")
                        .paramLabel(setting.name().toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    /** The flags given on the command line, by setting name. */
    static Map<String, String> givenFlags(ParseResult parsed, List<Setting<?>> settings) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            OptionSpec option = parsed.matchedOption(setting.flag());
            if (option != null) {
                flags.put(setting.name(), option.getValue());
            }
        }
        return flags;
    }

    private static String describe(Setting<?> setting) {
        String fallback = setting.defaultValue() == null ? "" : ", default: " + setting.render(setting.defaultValue());
        return setting.description() + " [env: " + setting.environmentVariable() + fallback + "]";
    }
}
