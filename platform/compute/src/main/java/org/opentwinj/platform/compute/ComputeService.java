package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.opentwinj.platform.compute.job.JobRunner;
import org.opentwinj.platform.compute.model.ModelAccess;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandReply;
import org.opentwinj.platform.session.CommandRequest;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ComputeReply;
import org.opentwinj.platform.session.ComputeRequest;
import org.opentwinj.platform.session.JobRequest;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ServiceCommands;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Caller;

/**
 * The actions of a compute service: {@code Service.Commands} (its catalogue), {@code Command.Run}
 * (parameters checked before any work; a job, or an immediate command saved at once),
 * {@code Command.Compute} (a parametric re-run for the Model: outputs returned, nothing saved)
 * and {@code Job.Cancel} (from the Model). All are on mutual TLS: clients reach them through the
 * relay, which sends their token along.
 */
public final class ComputeService {
    private final String service;
    private final Map<String, ComputeCommand> commands = new LinkedHashMap<>();
    private final StagedPayloads model;
    private final ModelResultSaver saver;
    private final JobRunner jobs;

    /**
     * @param service  this service's name in the session (the origin of what it makes)
     * @param commands what it offers; their parameter specs must be valid
     * @param model    the session's Model
     * @param jobs     where its jobs run; it must save through {@link #saver()}
     * @throws IllegalArgumentException for duplicate command names or invalid parameter specs
     */
    public ComputeService(String service, List<ComputeCommand> commands, ModelAccess model, JobRunnerFactory jobs) {
        this.service = service;
        for (ComputeCommand command : commands) {
            ParamCheck.validateSpecs(command.spec().params());
            if (this.commands.putIfAbsent(command.name(), command) != null) {
                throw new IllegalArgumentException("two commands are named " + command.name());
            }
        }
        this.model = new StagedPayloads(model, StagedPayloads.BUDGET_BYTES);
        this.saver = new ModelResultSaver(service, this.model);
        this.jobs = jobs.create(saver);
    }

    /** Makes the service's job runner, given how results are saved. */
    @FunctionalInterface
    public interface JobRunnerFactory {
        JobRunner create(ResultSaver saver);
    }

    /** What {@code Service.Commands} answers, and what {@code Service.Confirm} carries. */
    public ServiceCommands catalogue() {
        return new ServiceCommands(
                service, commands.values().stream().map(ComputeCommand::spec).toList());
    }

    public JobRunner jobs() {
        return jobs;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal(ActionNames.SERVICE_COMMANDS, NoFields.class, (r, call) -> catalogue())
                        .asIdempotent())
                .register(ActionSpec.internal(
                        ActionNames.COMMAND_RUN, CommandRequest.class, (r, call) -> run(r, call.caller())))
                .register(ActionSpec.internal(
                        ActionNames.COMMAND_COMPUTE, ComputeRequest.class, (r, call) -> compute(r, call.caller())))
                .register(ActionSpec.internal(
                        ActionNames.JOB_CANCEL, JobRequest.class, (r, call) -> cancel(r, call.caller())));
    }

    /** {@code Service.Commands} takes no fields. */
    record NoFields() {}

    /**
     * {@code Command.Run}: checks the parameters, then starts a job or runs at once.
     *
     * @throws PublicException 400 naming the parameter and the rule; 404 for an unknown command;
     *     403 without a user
     */
    CommandReply run(CommandRequest request, Caller caller) throws Exception {
        if (caller.user() == null || caller.token() == null) {
            throw PublicException.forbidden("Command.Run is run by a user (through the relay), not by " + caller);
        }
        ComputeCommand command = command(request.command());
        ModelInputs inputs = new ModelInputs(model, null, Map.of());
        Params params = new Params(
                command.spec().params(), ParamCheck.check(command.spec().params(), request.params(), inputs));
        if (command.spec().job()) {
            JobView job = jobs.submit(command, params, inputs, caller.user());
            return new CommandReply(job.id(), null, null);
        }
        Outputs outputs = command.handler().run(params, inputs, Progress.NONE);
        if (outputs.isEmpty()) {
            return new CommandReply(null, null, List.of());
        }
        List<ObjectNode> puts = saver.puts(command.spec(), params, outputs.entities(), null);
        ModelAccess.Saved saved = model.save(command.spec().title(), puts, caller.token());
        return new CommandReply(null, saved.version(), saved.entities());
    }

    /**
     * {@code Command.Compute}: the Model's parametric update re-runs a command; the outputs go
     * back as puts (payloads staged), the first keeping the rebuilt entity's id. Nothing is saved.
     */
    ComputeReply compute(ComputeRequest request, Caller caller) throws Exception {
        requireModel(caller, "Command.Compute");
        ComputeCommand command = command(request.command());
        ModelInputs inputs = new ModelInputs(model, request.version(), request.inputs());
        Params params = new Params(
                command.spec().params(), ParamCheck.check(command.spec().params(), request.params(), inputs));
        Outputs outputs = command.handler().run(params, inputs, Progress.NONE);
        if (outputs.isEmpty()) {
            throw PublicException.conflict(command.spec().title() + " made nothing from these parameters, so entity "
                    + request.entity() + " cannot be rebuilt");
        }
        List<ObjectNode> puts = saver.puts(command.spec(), params, outputs.entities(), request.entity());
        return new ComputeReply(puts.stream().map(p -> (JsonNode) p).toList());
    }

    /** {@code Job.Cancel}: the Model passes a user's cancel on. */
    JobView cancel(JobRequest request, Caller caller) {
        requireModel(caller, "Job.Cancel");
        String who = caller.user() != null ? caller.user() : "a user";
        return jobs.cancel(request.job(), who);
    }

    /**
     * Only the session's Model service (certificate CN {@code model.<session>}) may ask: it checks
     * the user's rights and keeps the job board. A client's message forwarded by the relay
     * (CN {@code relay}, with the user's token) is refused.
     */
    private static void requireModel(Caller caller, String action) {
        String peer = caller.peer() == null ? "" : caller.peer();
        if (!MODEL_PEER.matcher(peer).find()) {
            throw PublicException.forbidden(action + " is for the session's Model service"
                    + (action.equals("Job.Cancel") ? ": cancel a job with Job.Cancel at the Model service" : ""));
        }
    }

    private static final Pattern MODEL_PEER = Pattern.compile("(^|,)\\s*CN=model\\.");

    private ComputeCommand command(String name) {
        ComputeCommand command = commands.get(name);
        if (command == null) {
            throw PublicException.notFound("service " + service + " has no command " + name + "; its commands are "
                    + String.join(", ", commands.keySet()));
        }
        return command;
    }

    /** The spec of a command, for tests and the catalogue. */
    CommandSpec spec(String name) {
        return command(name).spec();
    }
}
