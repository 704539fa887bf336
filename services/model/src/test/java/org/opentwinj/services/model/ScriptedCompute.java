package org.opentwinj.services.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.ComputeReply;
import org.opentwinj.platform.session.ComputeRequest;
import org.opentwinj.platform.session.JobRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/**
 * A compute service whose answers the test scripts: {@code Command.Compute} runs the function
 * given for the command (or refuses with 404 for an unknown one), {@code Job.Cancel} records the
 * job and answers as {@link #cancelAnswer} says. Real HTTPS with mutual TLS on a free port.
 */
final class ScriptedCompute implements AutoCloseable {
    final Map<String, Function<ComputeRequest, ComputeReply>> commands = new ConcurrentHashMap<>();
    final List<ComputeRequest> computed = Collections.synchronizedList(new ArrayList<>());
    final List<String> cancels = Collections.synchronizedList(new ArrayList<>());
    final List<String> callers = Collections.synchronizedList(new ArrayList<>());
    /** Empty: the cancel is taken; a status: refused with it. */
    volatile Optional<Integer> cancelAnswer = Optional.empty();

    private final ServiceMetrics metrics = new ServiceMetrics("compute-test");
    private final ServiceServer server;

    ScriptedCompute(TlsMaterial tls) {
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.internal(ActionNames.COMMAND_COMPUTE, ComputeRequest.class, (r, call) -> {
                    computed.add(r);
                    callers.add(call.caller().peer());
                    Function<ComputeRequest, ComputeReply> command = commands.get(r.command());
                    if (command == null) {
                        throw PublicException.notFound("no command " + r.command());
                    }
                    return command.apply(r);
                }))
                .register(ActionSpec.internal(ActionNames.JOB_CANCEL, JobRequest.class, (r, call) -> {
                    cancels.add(r.job());
                    if (cancelAnswer.isPresent()) {
                        throw new PublicException(cancelAnswer.get(), "no job " + r.job() + " here");
                    }
                    return Map.of("job", r.job());
                }));
        server = ServiceServer.start(
                new ServiceInfo("compute-test", "1", "site", URI.create("https://localhost")),
                ServerOptions.onPort(0),
                tls.serverContext(),
                registry,
                metrics,
                List.of());
    }

    URI url() {
        return URI.create("https://localhost:" + server.port());
    }

    /** The input an update handed this step, as rebuilt earlier in it. */
    static JsonNode input(ComputeRequest request, String id) {
        return request.inputs().get(id);
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
