package org.opentwinj.platform.pki.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.tls.PeerCertificates;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.pki.tls.TlsTestSupport;

class StartupCertificatesTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void defaultHostsStartWithThePublishedHostAndLoopback() {
        List<String> hosts = StartupCertificates.defaultHosts("gss.example.org");

        assertThat(hosts).startsWith("gss.example.org", "localhost", "127.0.0.1", "::1");
        assertThat(hosts).doesNotHaveDuplicates();
        assertThat(hosts).noneMatch(host -> host.startsWith("fe80:") || host.contains("%"));
    }

    @Test
    void defaultHostsDropDuplicatesAndBlankPublishedHosts() {
        assertThat(StartupCertificates.defaultHosts("LOCALHOST")).startsWith("localhost", "127.0.0.1", "::1");
        assertThat(StartupCertificates.defaultHosts("[::1]")).startsWith("::1", "localhost", "127.0.0.1");
        assertThat(StartupCertificates.defaultHosts(null)).startsWith("localhost", "127.0.0.1", "::1");
        assertThat(StartupCertificates.defaultHosts(" ")).startsWith("localhost");
        assertThatThrownBy(() -> StartupCertificates.defaultHosts("https://gss"))
                .isInstanceOf(PkiInputException.class);
    }

    @Test
    void issuesInMemoryMaterialForTheGivenNames() throws Exception {
        List<String> hosts = StartupCertificates.defaultHosts("10.1.2.3");

        TlsMaterial material = StartupCertificates.issue(CA, "lss-7", hosts, Usage.PEER, Duration.ofHours(24));

        assertThat(PeerCertificates.subjectOf(material.leaf())).isEqualTo("CN=lss-7");
        assertThat(PeerCertificates.subjectAlternativeNames(material.leaf())).containsExactlyElementsOf(hosts);
        assertThat(PeerCertificates.hasUsage(material.leaf(), Usage.PEER)).isTrue();
        assertThat(material.trustAnchors()).containsExactly(CA.certificate());
        TlsMaterial client = TlsMaterial.of(TestPki.issue(CA, "client", Usage.CLIENT));
        assertThat(TlsTestSupport.handshake(material, client, "10.1.2.3")).isTrue();
    }
}
