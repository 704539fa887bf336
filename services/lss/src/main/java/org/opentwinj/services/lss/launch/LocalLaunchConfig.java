package org.opentwinj.services.lss.launch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How session services are launched as local processes.
 *
 * @param publishHost    the host their URLs name (the LSS's own published host)
 * @param bindHost       the address they bind
 * @param workDirectory  where their certificates and logs go, one folder per session
 * @param caCertificate  the CA bundle they trust
 * @param certValidity   the validity of their certificates
 * @param lssUrl         this LSS, which they confirm to
 * @param mainClass      the launcher's entry point
 * @param jvmOptions     extra JVM options for them
 * @param settings       flags every session service gets (logger, AUTH, site, log level)
 */
public record LocalLaunchConfig(String publishHost, String bindHost, Path workDirectory, Path caCertificate, Duration certValidity,
        URI lssUrl, String mainClass, List<String> jvmOptions, List<String> settings) {
    public LocalLaunchConfig {
        jvmOptions = List.copyOf(jvmOptions);
        settings = List.copyOf(settings);
    }
}
