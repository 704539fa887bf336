package org.opentwinj.platform.spawner;

import java.net.URI;
import java.util.Objects;

/**
 * Where a session service listens.
 *
 * @param port the port it binds
 * @param url  the URL it publishes (and confirms to the LSS)
 */
public record Endpoint(int port, URI url) {
    public Endpoint {
        Objects.requireNonNull(url, "url");
    }
}
