package org.opentwinj.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opentwinj.cli.compute.CatalogueText;
import org.opentwinj.cli.compute.EntityIndex;
import org.opentwinj.cli.compute.ParamValues;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandReply;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ServiceCommands;
import org.opentwinj.platform.session.SessionCommands;
import org.opentwinj.platform.session.SessionRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opentwin do PROJECT SERVICE COMMAND --set name=value ...}: runs any command of the
 * session's catalogue. The values are checked against the command's typed parameters (by
 * {@code ParamCheck}, as the service checks them) before anything is sent; a job is followed to its end (or left running with {@code --detach}).
 */
@Command(
        name = "do",
        description = {
            "Runs a command of a project's session, e.g.",
            "  opentwin do Patch modeling Shape.Cuboid --set width=2mm --set origin=0,0,1",
            "PROJECT is a project's id or name (or a session id); a project that is not",
            "open is opened, and stays open.",
            "'opentwin do PROJECT --help' lists the session's commands;",
            "'opentwin do PROJECT SERVICE COMMAND --help' a command's parameters.",
            "Values: a number in the parameter's unit, with that unit or none (2.5mm, 2.5);",
            "true or false; a choice; text; x,y,z; an entity's name or id; a local file",
            "(uploaded first); a list as a;b;c or with --set repeated.",
            "A job is followed with a progress bar (a plain line per change when the output",
            "is not a terminal). Ctrl-C asks whether to cancel it; --detach prints its id",
            "and returns at once."
        },
        footer = {
            "",
            "Exit codes: 0 done (or left running); 2 a bad value or parameter (nothing was",
            "sent); 8 the platform refused the command; 10 the job FAILED (its reason is",
            "printed); 11 the job was CANCELLED; others: see 'opentwin exit-codes'."
        })
public class DoCommand extends ClientCommand implements Callable<Integer> {
    /** How long an on-demand service may take to start and list its commands. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "project id or name (or session id)")
    String project;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SERVICE", description = "the service, e.g. modeling")
    String service;

    @Parameters(index = "2", arity = "0..1", paramLabel = "COMMAND", description = "the command, e.g. Shape.Cuboid")
    String command;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "a parameter's value; repeat for each")
    List<String> sets = new ArrayList<>();

    @Option(names = "--detach", description = "a job: print its id and return at once, leaving it running")
    boolean detach;

    @Option(
            names = "--type",
            description = "the session type to open the project with if it is not open (default: the platform's)")
    String type;

    @Option(
            names = "--timeout",
            defaultValue = "120",
            description = "seconds to wait for the service's answer (not for a job's end) (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether --help was given ({@link #ownHelp}). */
    private boolean help;

    DoCommand(ClientContext context) {
        super(context);
    }

    /**
     * Puts {@code do}'s own --help in place of the standard one every command inherits (call it
     * once {@code do} is a subcommand): after PROJECT it lists the session's commands, after
     * COMMAND the command's parameters, which only the platform knows, so the command must run.
     */
    public static void ownHelp(CommandLine line) {
        CommandLine.Model.CommandSpec spec = line.getCommandSpec();
        CommandLine.Model.OptionSpec standard = spec.findOption("--help");
        if (standard != null) {
            spec.remove(standard);
        }
        spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                .arity("0")
                .type(boolean.class)
                .initialValue(false)
                .description("this help; after PROJECT the session's commands, after COMMAND its parameters")
                .build());
    }

    private boolean helpAsked() {
        CommandLine.Model.OptionSpec option = spec.findOption("--help");
        return option != null && !option.usageHelp() && Boolean.TRUE.equals(option.getValue());
    }

    @Override
    public Integer call() {
        help = helpAsked();
        if (project == null) {
            if (help) {
                spec.commandLine().usage(context.out());
                return ExitCode.OK.code();
            }
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "name a PROJECT, a SERVICE and a COMMAND ('opentwin do PROJECT --help' lists them)");
        }
        if (command == null && !help) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "name a SERVICE and a COMMAND: 'opentwin do " + project + " --help' lists the session's commands");
        }
        String session = new ProjectSessions(this).runningOrOpened(project, type, context.err());
        SessionCommands catalogue =
                read(callGss(ActionNames.SESSION_COMMANDS, new SessionRequest(session)), SessionCommands.class);
        if (service == null) {
            CatalogueText.printSession(project, catalogue, context.out());
            return ExitCode.OK.code();
        }
        Optional<ServiceCommands> known = catalogue.services().stream()
                .filter(commands -> commands.service().equals(service))
                .findFirst();
        if (known.isPresent()) {
            Optional<Prepared> prepared = prepare(known.get());
            return prepared.isEmpty()
                    ? ExitCode.OK.code()
                    : answered(session, throughRelay(session, relay -> run(relay, prepared.get())));
        }
        if (!catalogue.unknown().contains(service)) {
            List<String> services = new ArrayList<>();
            catalogue.services().forEach(commands -> services.add(commands.service()));
            services.addAll(catalogue.unknown());
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "session " + session + " has no service '" + service + "'; its services: "
                            + (services.isEmpty() ? "none with commands" : String.join(", ", services)));
        }
        // Its commands are not known yet: ask the service itself (which starts it), then run over the same connection.
        Optional<CommandReply> reply = throughRelay(session, relay -> {
            ServiceCommands asked = read(
                    relay.request(service, ModelCommand.message(ActionNames.SERVICE_COMMANDS), START_TIMEOUT),
                    ServiceCommands.class);
            return prepare(asked).map(prepared -> run(relay, prepared));
        });
        return reply.isEmpty() ? ExitCode.OK.code() : answered(session, reply.get());
    }

    /** A command and its checked values, ready to send. */
    private record Prepared(CommandSpec command, ObjectNode params) {}

    /** Prints the help asked for (then empty), or checks the values against the command's parameters. */
    private Optional<Prepared> prepare(ServiceCommands commands) {
        if (command == null) {
            CatalogueText.printService(project, commands, context.out());
            return Optional.empty();
        }
        CommandSpec found = commands.commands().stream()
                .filter(candidate -> candidate.name().equals(command))
                .findFirst()
                .orElseThrow(() -> new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "service " + service + " has no command '" + command + "'; its commands: "
                                + String.join(
                                        ", ",
                                        commands.commands().stream()
                                                .map(CommandSpec::name)
                                                .toList())));
        if (help) {
            CatalogueText.printCommand(project, service, found, context.out());
            return Optional.empty();
        }
        if (detach && !found.job()) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--detach is for jobs; " + command + " answers at once (it is not a job)");
        }
        return Optional.of(new Prepared(found, ParamValues.parse(found, sets)));
    }

    /** Resolves entities and uploads files, and runs the command; its answer. */
    private CommandReply run(SessionRelay relay, Prepared prepared) {
        EntityIndex entities = ParamValues.namesEntities(prepared.command(), prepared.params())
                ? new EntityIndex(relay.request(
                        ModelCommand.SERVICE, ModelCommand.message("Model.Entities"), ModelCommand.TIMEOUT))
                : EntityIndex.none();
        ObjectNode params =
                ParamValues.resolve(prepared.command(), prepared.params(), entities, file -> upload(relay, file));
        ObjectNode message = ModelCommand.message(ActionNames.COMMAND_RUN, "command", command);
        message.set("params", params);
        return read(relay.request(service, message, Duration.ofSeconds(timeoutSeconds)), CommandReply.class);
    }

    /**
     * Says what the command did, or follows its job. The job is followed over a connection of
     * its own: a connection whose token expired is opened again with a renewed one, which
     * must repeat the following, never the command.
     */
    private int answered(String session, CommandReply reply) {
        if (reply.job() == null) {
            context.out()
                    .println(command + " done"
                            + (reply.version() == null ? "" : ": model version " + reply.version())
                            + (reply.entities() == null || reply.entities().isEmpty()
                                    ? ""
                                    : ", entities " + String.join(", ", reply.entities())));
            return ExitCode.OK.code();
        }
        if (detach) {
            context.out().println(reply.job());
            return ExitCode.OK.code();
        }
        try (JobFollower.Interruption ctrlC = ctrlC()) {
            JobFollower.Outcome outcome = throughRelay(
                    session,
                    relay -> new JobFollower(
                                    relay, context.out(), context.interactive(), JobsCommand.width(context), ctrlC)
                            .follow(reply.job()));
            return JobsCommand.ended(outcome, project, context);
        }
    }

    /** What Ctrl-C does while the job is followed: ask whether to cancel it. */
    JobFollower.Interruption ctrlC() {
        return new CtrlC(context.in(), context.err());
    }

    /** Uploads a FILE parameter's file in parts, saying how far it got. */
    private JsonNode upload(SessionRelay relay, Path file) {
        long size = file.toFile().length();
        String upload = ModelCommand.stage(
                relay,
                file,
                sent -> context.err().printf("uploading %s: %d of %d bytes%n", file.getFileName(), sent, size));
        return Json.object()
                .put("upload", upload)
                .put("name", file.getFileName().toString())
                .put("size", size);
    }

    static <T> T read(JsonNode json, Class<T> type) {
        try {
            return Json.mapper().treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "the platform answered a " + type.getSimpleName() + " this client cannot read (is the client"
                            + " older than the platform?): " + e.getOriginalMessage(),
                    e);
        }
    }
}
