package org.opentwinj.cli.client;

import java.net.URI;
import java.nio.file.Path;
import org.opentwinj.cli.local.PlatformState;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/** Finds the GSS of the local platform from the run file {@code opentwin up} writes. */
final class LocalGss {
    private LocalGss() {}

    static URI url(Path dataDirectory) {
        PlatformState state = PlatformState.read(dataDirectory.resolve("run").resolve("platform.json"))
                .filter(PlatformState::isRunning)
                .orElseThrow(() -> new ExitException(
                        ExitCode.PEER_UNREACHABLE,
                        "no local platform runs on " + dataDirectory
                                + ": start it with 'opentwin up', or give --gss-url"));
        return state.services().stream()
                .filter(service -> service.name().equals("gss"))
                .findFirst()
                .map(PlatformState.RunningService::url)
                .orElseThrow(() -> new ExitException(ExitCode.PEER_UNREACHABLE, "the local platform has no GSS"));
    }
}
