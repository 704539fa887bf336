package org.opentwinj.systemtest.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.platform.compute.ComputeCommand;
import org.opentwinj.platform.compute.ComputeServiceDefinition;
import org.opentwinj.platform.compute.Inputs;
import org.opentwinj.platform.compute.JobCancelledException;
import org.opentwinj.platform.compute.Output;
import org.opentwinj.platform.compute.Outputs;
import org.opentwinj.platform.compute.Param;
import org.opentwinj.platform.compute.Params;
import org.opentwinj.platform.compute.Progress;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;

/**
 * {@code compute-test}: a compute service for the platform's tests, never shipped. Its commands
 * use every parameter type, make binary results, derive entities from entities (so that a
 * parametric re-run passes through two derived ones), and run jobs that are slow, cancellable
 * with partial results, or that fail.
 */
public final class ComputeTestService extends ComputeServiceDefinition {
    public static final String NAME = "compute-test";
    static final String RESULT = "result";
    static final String PAGE = "Test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Compute test service (tests only, not shipped): signals, slow and failing jobs.";
    }

    @Override
    protected List<ComputeCommand> commands() {
        return List.of(make(), scale(), sum(), importFile(), slow(), fail());
    }

    private static CommandSpec spec(
            String name, String title, String group, boolean job, String help, Param... params) {
        List<ParamSpec> specs = Arrays.stream(params).map(Param::build).toList();
        return new CommandSpec(name, title, PAGE, group, specs, job, RESULT, help);
    }

    static ComputeCommand make() {
        return new ComputeCommand(
                spec(
                        "Signal.Make",
                        "Make signal",
                        "Signals",
                        true,
                        "Samples one second of a sine wave into a result entity (float32, V).",
                        Param.number("amplitude", "Amplitude")
                                .unit("V")
                                .between(0, 100)
                                .byDefault(1.0),
                        Param.number("frequency", "Frequency")
                                .unit("Hz")
                                .between(0, 1e6)
                                .byDefault(5.0),
                        Param.integer("samples", "Samples")
                                .between(2, 1_000_000)
                                .byDefault(64),
                        Param.choice("window", "Window", "rectangular", "hann").byDefault("rectangular"),
                        Param.bool("normalise", "Normalise to a peak of 1").byDefault(false),
                        Param.text("label", "Label", 80).byDefault("signal"),
                        Param.vector3("probe", "Probe position")
                                .unit("mm")
                                .between(-1000, 1000)
                                .byDefault(List.of(0, 0, 0)),
                        Param.list(
                                        "extra",
                                        "Extra samples",
                                        Param.number("v", "Sample").unit("V"))
                                .between(0, 16)
                                .optional()),
                ComputeTestService::runMake);
    }

    private static Outputs runMake(Params params, Inputs inputs, Progress progress) {
        progress.report(0, "sampling");
        float[] samples = Signals.make(
                params.number("amplitude"),
                params.number("frequency"),
                (int) params.integer("samples"),
                params.text("window"),
                params.bool("normalise"),
                params.numbers("extra"));
        progress.checkCancelled();
        progress.report(0.9, "encoding");
        return Outputs.of(Output.of(RESULT, params.text("label"), Signals.encode(samples)));
    }

    static ComputeCommand scale() {
        return new ComputeCommand(
                spec(
                        "Signal.Scale",
                        "Scale signal",
                        "Derive",
                        false,
                        "Multiplies a signal by a factor.",
                        Param.entity("signal", "Signal", RESULT),
                        Param.number("factor", "Factor").between(-1000, 1000).byDefault(2.0)),
                (params, inputs, progress) -> {
                    String source = params.entity("signal");
                    float[] signal = Signals.decode(inputs.data(source), source);
                    String name = inputs.entity(source).path("name").asText() + " x" + params.number("factor");
                    return Outputs.of(
                            Output.of(RESULT, name, Signals.encode(Signals.scale(signal, params.number("factor")))));
                });
    }

    static ComputeCommand sum() {
        return new ComputeCommand(
                spec(
                        "Signal.Sum",
                        "Sum signals",
                        "Derive",
                        false,
                        "Adds signals of as many samples, sample by sample.",
                        Param.list("signals", "Signals", Param.entity("signal", "Signal", RESULT))
                                .between(2, 10),
                        Param.text("label", "Label", 80).byDefault("sum")),
                (params, inputs, progress) -> {
                    List<float[]> signals = new ArrayList<>();
                    for (String id : params.entities("signals")) {
                        signals.add(Signals.decode(inputs.data(id), id));
                    }
                    return Outputs.of(Output.of(RESULT, params.text("label"), Signals.encode(Signals.sum(signals))));
                });
    }

    static ComputeCommand importFile() {
        return new ComputeCommand(
                spec(
                        "Signal.Import",
                        "Import samples file",
                        "Signals",
                        false,
                        "Keeps an uploaded CSV file of samples as a result entity.",
                        Param.file("file", "CSV file", ".csv").atMost(10 * 1024 * 1024)),
                (params, inputs, progress) -> {
                    var file = params.file("file").orElseThrow();
                    return Outputs.of(Output.ofUpload(RESULT, file.name(), file.upload()));
                });
    }

    static ComputeCommand slow() {
        return new ComputeCommand(
                spec(
                        "Work.Slow",
                        "Slow work",
                        "Work",
                        true,
                        "Works for some seconds in steps; a cancel keeps the steps done as a partial result.",
                        Param.integer("seconds", "Duration")
                                .unit("s")
                                .between(1, 600)
                                .byDefault(5),
                        Param.integer("steps", "Steps").between(1, 1000).byDefault(20)),
                ComputeTestService::runSlow);
    }

    private static Outputs runSlow(Params params, Inputs inputs, Progress progress) throws InterruptedException {
        int steps = (int) params.integer("steps");
        long stepMs = params.integer("seconds") * 1000 / steps;
        float[] done = new float[steps];
        int step = 0;
        try {
            for (; step < steps; step++) {
                progress.checkCancelled();
                Thread.sleep(stepMs);
                done[step] = step + 1;
                progress.report((step + 1.0) / steps, "step " + (step + 1) + " of " + steps);
            }
        } catch (JobCancelledException | InterruptedException e) {
            if (step == 0) {
                return Outputs.none();
            }
            return Outputs.of(Output.of(RESULT, "steps", Signals.encode(Arrays.copyOf(done, step))));
        }
        return Outputs.of(Output.of(RESULT, "steps", Signals.encode(done)));
    }

    static ComputeCommand fail() {
        return new ComputeCommand(
                spec(
                        "Work.Fail",
                        "Failing work",
                        "Work",
                        true,
                        "Works until the given fraction, then fails with a reason.",
                        Param.number("at", "Fails at").between(0, 1).byDefault(0.5),
                        Param.integer("seconds", "Duration")
                                .unit("s")
                                .between(1, 600)
                                .byDefault(2)),
                (params, inputs, progress) -> {
                    double at = params.number("at");
                    long stepMs = params.integer("seconds") * 1000 / 20;
                    for (int step = 0; step < 20; step++) {
                        double fraction = step / 20.0;
                        if (fraction >= at) {
                            throw new PublicException("the work failed at " + Math.round(fraction * 100)
                                    + "% as asked: the input at step " + step + " is deliberately invalid");
                        }
                        progress.checkCancelled();
                        Thread.sleep(stepMs);
                        progress.report((step + 1) / 20.0, "step " + (step + 1) + " of 20");
                    }
                    throw new PublicException("the work failed at 100% as asked");
                });
    }
}
