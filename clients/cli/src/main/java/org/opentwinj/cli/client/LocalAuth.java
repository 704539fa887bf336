package org.opentwinj.cli.client;

import java.net.URI;
import java.nio.file.Path;
import org.opentwinj.cli.local.PlatformState;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/** Finds AUTH of the local platform from the run file `opentwin up` writes. */
final class LocalAuth {
    private LocalAuth() {}

    static URI url(Path dataDirectory) {
        PlatformState state = PlatformState.read(dataDirectory.resolve("run").resolve("platform.json"))
                .filter(PlatformState::isRunning)
                .orElseThrow(() -> new ExitException(ExitCode.PEER_UNREACHABLE, "no local platform runs on " + dataDirectory
                        + ": start it with 'opentwin up', or give --auth-url"));
        return state.services().stream().filter(service -> service.name().equals("auth")).findFirst()
                .map(PlatformState.RunningService::url)
                .orElseThrow(() -> new ExitException(ExitCode.PEER_UNREACHABLE, "the local platform has no AUTH service"));
    }
}
