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
                return new PooledLauncher(services, environment, console)
                        .run(System.in, warmFile)
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
        CommandLine runLine = new CommandLine(run);
        for (ServiceDefinition service : services) {
            runLine.addSubcommand(service.name(), new CommandLine(serviceSpec(service, environment, console)));
        }
        return runLine;
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
