package org.opentwinj.systemtest.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.compute.ComputeCommand;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

class ComputeTestServiceTest {
    private final List<ComputeCommand> commands = new ComputeTestService().commands();

    @Test
    void itsCommandsUseEveryParameterTypeWithValidSpecs() {
        Set<ParamType> used = EnumSet.noneOf(ParamType.class);
        for (ComputeCommand command : commands) {
            ParamCheck.validateSpecs(command.spec().params());
            for (ParamSpec spec : command.spec().params()) {
                used.add(spec.type());
                if (spec.item() != null) {
                    used.add(spec.item().type());
                }
            }
        }
        assertThat(used).containsExactlyInAnyOrder(ParamType.values());
    }

    @Test
    void theSlowAndFailingWorkAreJobsAndTheDerivingCommandsAreImmediate() {
        assertThat(commands.stream().map(ComputeCommand::spec).filter(CommandSpec::job))
                .extracting(CommandSpec::name)
                .containsExactlyInAnyOrder("Signal.Make", "Work.Slow", "Work.Fail");
    }

    @Test
    void theDistributionFindsItThroughItsServiceLoaderEntry() {
        assertThat(ServiceLoader.load(ServiceDefinition.class).stream()
                        .map(ServiceLoader.Provider::type)
                        .toList())
                .contains(ComputeTestService.class);
    }
}
