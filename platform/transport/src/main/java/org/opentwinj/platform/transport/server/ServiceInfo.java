package org.opentwinj.platform.transport.server;

import java.net.URI;

/**
 * What {@code GET /} tells about a service.
 *
 * @param service the service name, e.g. {@code gss}
 * @param version the platform version
 * @param site    the site id the service runs for
 * @param url     the URL the service publishes (which may differ from where it binds)
 */
public record ServiceInfo(String service, String version, String site, URI url) {}
