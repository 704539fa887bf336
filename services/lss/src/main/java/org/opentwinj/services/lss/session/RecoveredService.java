package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.opentwinj.platform.spawner.SpawnHandle;

/**
 * A session service as a restarted LSS finds it again.
 *
 * @param slot      its name and service
 * @param port      the port it was given
 * @param url       its URL
 * @param handle    the spawner's handle when it still runs, else empty
 * @param restarts  restarts in a row before the LSS restarted
 * @param lastStart when it last started
 */
public record RecoveredService(
        ServiceSlot slot, int port, URI url, Optional<SpawnHandle> handle, int restarts, Instant lastStart) {}
