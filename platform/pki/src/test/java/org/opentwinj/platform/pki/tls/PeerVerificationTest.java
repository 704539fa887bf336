package org.opentwinj.platform.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.slf4j.LoggerFactory;

/** Real TLS handshakes over loopback: who is let in, who is refused, and the reason given. */
class PeerVerificationTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");
    private static final CertificateAuthority OTHER_CA = TestPki.ca("Other CA");
    private static final TlsMaterial SERVER =
            TlsMaterial.of(TestPki.issue(CA, "gss", Usage.PEER, "gss.local", "localhost", "127.0.0.1"));
    private static final TlsMaterial CLIENT = TlsMaterial.of(TestPki.issue(CA, "lss", Usage.PEER));

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger trustLogger = (Logger) LoggerFactory.getLogger(PeerTrustManager.class);

    @BeforeEach
    void captureLog() {
        log.start();
        trustLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        trustLogger.detachAppender(log);
    }

    @Test
    void goodPeersShakeHandsOverTls13() throws Exception {
        for (String host : List.of("gss.local", "localhost", "127.0.0.1")) {
            Handshake.Outcome outcome = Handshake.run(SERVER.serverContext(), CLIENT.clientContext(), host);

            assertThat(outcome.succeeded())
                    .as("%s: %s", host, outcome.messages())
                    .isTrue();
            assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
        }
        assertThat(log.list).isEmpty();
    }

    @Test
    void serverRefusesAClientCertificateFromAnotherCa() throws Exception {
        IssuedCertificate foreign = TestPki.issue(OTHER_CA, "intruder", Usage.PEER);
        TlsMaterial client =
                new TlsMaterial(foreign.privateKey(), List.of(foreign.certificate()), List.of(CA.certificate()));

        Handshake.Outcome outcome = Handshake.run(SERVER.serverContext(), client.clientContext(), "gss.local");

        assertRefused(outcome, "client certificate refused: CN=intruder: does not chain to the trusted CA");
    }

    @Test
    void serverRefusesAnExpiredClientCertificate() throws Exception {
        IssuedCertificate expired = TestPki.expired(CA, "lss", Usage.PEER);

        Handshake.Outcome outcome =
                Handshake.run(SERVER.serverContext(), TlsMaterial.of(expired).clientContext(), "gss.local");

        assertRefused(
                outcome,
                "client certificate refused: CN=lss: expired on "
                        + expired.certificate().getNotAfter().toInstant());
    }

    @Test
    void serverRefusesAClientCertificateNotYetValid() throws Exception {
        IssuedCertificate early = TestPki.notYetValid(CA, "lss", Usage.PEER);

        Handshake.Outcome outcome =
                Handshake.run(SERVER.serverContext(), TlsMaterial.of(early).clientContext(), "gss.local");

        assertRefused(
                outcome,
                "client certificate refused: CN=lss: not valid before "
                        + early.certificate().getNotBefore().toInstant());
    }

    @Test
    void serverRefusesAClientCertificateWithOnlyServerAuth() throws Exception {
        TlsMaterial serverOnly = TlsMaterial.of(TestPki.issue(CA, "web", Usage.SERVER));

        Handshake.Outcome outcome = Handshake.run(SERVER.serverContext(), serverOnly.clientContext(), "gss.local");

        assertRefused(outcome, "client certificate refused: CN=web: lacks the clientAuth extended key usage");
    }

    @Test
    void clientRefusesAServerWhoseSansDoNotCoverTheDialledHost() throws Exception {
        Handshake.Outcome byName = Handshake.run(SERVER.serverContext(), CLIENT.clientContext(), "auth.local");
        assertRefused(
                byName,
                "server certificate for 'auth.local' refused: CN=gss:"
                        + " SANs [gss.local, localhost, 127.0.0.1] do not cover the dialled host");

        TlsMaterial namedOnly = TlsMaterial.of(TestPki.issue(CA, "gss", Usage.PEER, "gss.local"));
        log.list.clear();
        Handshake.Outcome byAddress = Handshake.run(namedOnly.serverContext(), CLIENT.clientContext(), "127.0.0.1");
        assertRefused(
                byAddress,
                "server certificate for '127.0.0.1' refused: CN=gss:"
                        + " SANs [gss.local] do not cover the dialled host");
    }

    @Test
    void clientRefusesAServerCertificateWithOnlyClientAuth() throws Exception {
        TlsMaterial clientOnly = TlsMaterial.of(TestPki.issue(CA, "gss", Usage.CLIENT, "gss.local"));

        Handshake.Outcome outcome = Handshake.run(clientOnly.serverContext(), CLIENT.clientContext(), "gss.local");

        assertRefused(
                outcome,
                "server certificate for 'gss.local' refused: CN=gss:" + " lacks the serverAuth extended key usage");
    }

    @Test
    void clientRefusesAServerFromAnotherCaAndAnExpiredServer() throws Exception {
        TlsMaterial foreign = TlsMaterial.of(TestPki.issue(OTHER_CA, "gss", Usage.PEER, "gss.local"));
        assertRefused(
                Handshake.run(foreign.serverContext(), CLIENT.clientContext(), "gss.local"),
                "server certificate for 'gss.local' refused: CN=gss: does not chain to the trusted CA");

        IssuedCertificate expired = TestPki.expired(CA, "gss", Usage.PEER, "gss.local");
        log.list.clear();
        assertRefused(
                Handshake.run(TlsMaterial.of(expired).serverContext(), CLIENT.clientContext(), "gss.local"),
                "server certificate for 'gss.local' refused: CN=gss: expired on "
                        + expired.certificate().getNotAfter().toInstant());
    }

    private void assertRefused(Handshake.Outcome outcome, String reason) {
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.messages()).as("cause chains").contains(reason);
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo(reason);
        });
    }
}
