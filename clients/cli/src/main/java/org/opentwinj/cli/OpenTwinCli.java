package org.opentwinj.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.opentwinj.cli.client.ClientContext;
import org.opentwinj.cli.client.DoCommand;
import org.opentwinj.cli.client.GroupsCommand;
import org.opentwinj.cli.client.JobsCommand;
import org.opentwinj.cli.client.LoginCommands;
import org.opentwinj.cli.client.ModelCommand;
import org.opentwinj.cli.client.ProjectsCommand;
import org.opentwinj.cli.client.SessionCommand;
import org.opentwinj.cli.client.UsersCommand;
import org.opentwinj.cli.local.DownCommand;
import org.opentwinj.cli.local.LogsCommand;
import org.opentwinj.cli.local.StatusCommand;
import org.opentwinj.cli.local.UpCommand;
import org.opentwinj.packaging.images.ImagesCommand;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.launcher.RunCommand;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.StopSignals;
import org.opentwinj.platform.logging.JsonLogging;
import org.opentwinj.platform.pki.cli.CertsCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code opentwin} command. This is the process entry point and the only place that
 * calls {@code System.exit}; every exit code comes from {@link ExitCode}.
 */
@Command(
        name = "opentwin",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = OpenTwinCli.Version.class,
        description = "OpenTwin/J: run the platform, its services and its certificates.",
        footer = {"", "Exit codes: see 'opentwin exit-codes'."})
public final class OpenTwinCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Asked for the version alone: answered before the command tree, logging and signal
        // handlers are set up (most of a short command's time; picocli's classes are too old
        // for the AOT cache to hold them linked). Returning ends the JVM with 0; System.exit
        // would not: it logs the exit through the platform logger, which starts SLF4J, logback
        // and its configuration (about 1,300 classes, most of this answer's time).
        if (isVersionRequest(args)) {
            System.out.println(versionLine());
            return;
        }
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        // A command stopped with Ctrl-C or SIGTERM (logs --follow, session show --follow, a wait
        // for a session) ends as the exit code table says: 0, a clean stop. up and run replace
        // these handlers with their own graceful stops.
        CompletableFuture<String> stopped = new CompletableFuture<>();
        StopSignals.install(stopped);
        stopped.thenRun(() -> outcome.complete(ExitCode.OK.code()));
        Thread.ofPlatform().name("command").start(() -> {
            try {
                outcome.complete(
                        execute(args, System.getenv(), ServiceCatalog.forArguments(args), System.out, System.err));
            } catch (Throwable e) {
                // execute answers every failure with an exit code; this is what slipped past it (an Error).
                LoggerFactory.getLogger(OpenTwinCli.class)
                        .error("internal error in opentwin {}", String.join(" ", args), e);
                outcome.complete(ExitCode.INTERNAL_ERROR.code());
            }
        });
        System.exit(outcome.join());
    }

    /** Runs a command and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(
            String[] args,
            Map<String, String> environment,
            List<ServiceDefinition> services,
            PrintStream out,
            PrintStream err) {
        return execute(args, environment, services, out, err, System.in);
    }

    /** Like the other, with the standard input client commands read secrets from. */
    public static int execute(
            String[] args,
            Map<String, String> environment,
            List<ServiceDefinition> services,
            PrintStream out,
            PrintStream err,
            InputStream in) {
        JsonLogging.configureForCli("warn");
        String first = args.length > 0 ? args[0] : "";
        return commandLine(environment, services, out, err, in, first::equals).execute(args);
    }

    /** The whole command tree, configured (tests walk it). */
    static CommandLine commandLine(
            Map<String, String> environment,
            List<ServiceDefinition> services,
            PrintStream out,
            PrintStream err,
            InputStream in) {
        return commandLine(environment, services, out, err, in, name -> true);
    }

    /**
     * The command tree with the subcommands {@code wanted} picks, or the whole tree when it picks
     * none (the root's help and its "unknown command" need every name). Building a subcommand
     * costs picocli's reflection over its classes: a service started with {@code run} (every
     * service JVM) or a client command builds only its own branch.
     */
    static CommandLine commandLine(
            Map<String, String> environment,
            List<ServiceDefinition> services,
            PrintStream out,
            PrintStream err,
            InputStream in,
            Predicate<String> wanted) {
        ClientContext client = new ClientContext(environment, out, in, err);
        Map<String, Supplier<CommandLine>> commands = new LinkedHashMap<>();
        commands.put("up", () -> new CommandLine(new UpCommand(environment, out)));
        commands.put("status", () -> new CommandLine(new StatusCommand(environment, out)));
        commands.put("down", () -> new CommandLine(new DownCommand(environment, out)));
        commands.put("logs", () -> new CommandLine(new LogsCommand(environment, out)));
        commands.put("login", () -> new CommandLine(LoginCommands.Login.class, client));
        commands.put("logout", () -> new CommandLine(LoginCommands.Logout.class, client));
        commands.put("users", () -> new CommandLine(UsersCommand.class, client));
        commands.put("groups", () -> new CommandLine(GroupsCommand.class, client));
        commands.put("projects", () -> new CommandLine(ProjectsCommand.class, client));
        commands.put("session", () -> new CommandLine(SessionCommand.class, client));
        commands.put("model", () -> new CommandLine(ModelCommand.class, client));
        commands.put("do", () -> new CommandLine(DoCommand.class, client));
        commands.put("jobs", () -> new CommandLine(JobsCommand.class, client));
        commands.put("run", () -> RunCommand.create(services, environment, err));
        commands.put("certs", CertsCommand::newCommandLine);
        commands.put("images", () -> ImagesCommand.newCommandLine(environment, out, runningDistribution()));
        commands.put("exit-codes", () -> new CommandLine(new ExitCodesCommand()));
        boolean some = commands.keySet().stream().anyMatch(wanted);
        CommandLine cli = new CommandLine(new OpenTwinCli());
        commands.forEach((name, command) -> {
            if (!some || wanted.test(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        // After adding: the root's inherited --help reaches a subcommand as it is added.
        CommandLine doCommand = cli.getSubcommands().get("do");
        if (doCommand != null) {
            DoCommand.ownHelp(doCommand);
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return Cli.configure(cli);
    }

    /**
     * The distribution this command runs from: the directory of opentwin-cli.jar (with lib/);
     * empty when it runs from classes (tests) or its location cannot be told, in which case
     * {@code images} looks in the checkout around the working directory.
     */
    static Optional<Path> runningDistribution() {
        try {
            var source = OpenTwinCli.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location)
                    && location.getFileName().toString().equals("opentwin-cli.jar")) {
                return Optional.of(location.getParent());
            }
            return Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // Not a file location (another class loader): the same as running from classes.
            return Optional.empty();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a command: up, status, down, logs, login, logout, users, groups, projects, session, model, do, jobs, run, certs, images or exit-codes");
    }

    /** Whether the arguments ask for the version and nothing else (as picocli reads them: {@code --version}, {@code -V}). */
    static boolean isVersionRequest(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** The version from the jar manifest, and the JDK's. */
    static String versionLine() {
        String version = OpenTwinCli.class.getPackage().getImplementationVersion();
        return "opentwin " + (version == null ? "dev" : version) + " (Java " + Runtime.version() + ")";
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {versionLine()};
        }
    }
}
