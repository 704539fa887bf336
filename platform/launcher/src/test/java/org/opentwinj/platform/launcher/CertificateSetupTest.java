package org.opentwinj.platform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.slf4j.LoggerFactory;

/** A certificate file that peers would refuse is named at start, with the reason. */
class CertificateSetupTest {
    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CertificateSetup.class);

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    private List<String> warnings(List<String> hosts, Usage usage, String publishedHost) {
        var certificate = ca.issue(CertificateRequest.of("gss", hosts), usage, Duration.ofHours(1))
                .certificate();
        CertificateSetup.warnIfPeersWillRefuse(certificate, publishedHost);
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFittingCertificateGetsNoWarning() {
        assertThat(warnings(List.of("gss.example.org", "10.0.0.7"), Usage.PEER, "gss.example.org"))
                .isEmpty();
        assertThat(warnings(List.of("*.svc.example.org"), Usage.PEER, "gss.svc.example.org"))
                .isEmpty();
        assertThat(warnings(List.of("::1"), Usage.PEER, "[0:0:0:0:0:0:0:1]")).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsNamed() {
        assertThat(warnings(List.of("auth.example.org"), Usage.PEER, "gss.example.org"))
                .singleElement()
                .asString()
                .isEqualTo("the certificate names [auth.example.org] but the published URL's host is gss.example.org: "
                        + "peers that dial gss.example.org will refuse it");
        logged.list.clear();
        assertThat(warnings(List.of("*.example.org"), Usage.PEER, "a.b.example.org"))
                .as("a wildcard covers one label")
                .hasSize(1);
    }

    @Test
    void aCertificateWithoutClientUsageIsNamed() {
        assertThat(warnings(List.of("gss.example.org"), Usage.SERVER, "gss.example.org"))
                .singleElement()
                .asString()
                .startsWith("the certificate lacks the serverAuth and clientAuth usages a service needs");
    }
}
