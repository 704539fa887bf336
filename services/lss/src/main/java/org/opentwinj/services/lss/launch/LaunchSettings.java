package org.opentwinj.services.lss.launch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the LSS gives every session service it starts, whatever the spawner.
 *
 * @param lssUrl       this LSS, which they confirm to
 * @param caBundle     the CA bundle (PEM) they trust
 * @param certValidity the validity of their certificates (cut to the CA's own end)
 * @param flags        flags every session service gets (site, log level, logger, AUTH)
 * @param environment  settings given as variables, kept out of command lines and pod specs (the
 *                     database URL, which may hold credentials)
 */
public record LaunchSettings(
        URI lssUrl, String caBundle, Duration certValidity, List<String> flags, Map<String, String> environment) {
    public LaunchSettings {
        Objects.requireNonNull(lssUrl, "lssUrl");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(certValidity, "certValidity");
        flags = List.copyOf(flags);
        environment = Map.copyOf(environment);
    }
}
