package org.opentwinj.platform.pki.csr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentwinj.platform.pki.PkiInputException;

class HostTest {

    @ParameterizedTest(name = "{0} is {2} {1}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1, IPV4",
        "10.20.30.40, 10.20.30.40, IPV4",
        "::1, ::1, IPV6",
        "0:0:0:0:0:0:0:1, ::1, IPV6",
        "[::1], ::1, IPV6",
        "FD00:0:0:0:0:0:A:1, fd00::a:1, IPV6",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1, IPV6",
        "::ffff:10.0.0.1, 10.0.0.1, IPV4",
        "gss.local, gss.local, DNS",
        "GSS.Example.COM, gss.example.com, DNS",
        "localhost, localhost, DNS",
        "*.svc.cluster.local, *.svc.cluster.local, DNS",
        "lss-0.lss-headless, lss-0.lss-headless, DNS",
        "1a.example, 1a.example, DNS",
    })
    void classifiesAndCanonicalises(String text, String name, Host.Kind kind) {
        assertThat(Host.parse(text)).isEqualTo(new Host(name, kind));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "bad_host",
                "-lead.example",
                "trail-.example",
                "a..b",
                "a.b.",
                "*",
                "*.",
                "a.*.b",
                "x y",
                "host/path",
                "é.example",
                "gss:8443x"
            })
    void refusesWhatIsNeitherAddressNorDnsName(String text) {
        assertThatThrownBy(() -> Host.parse(text))
                .isInstanceOf(PkiInputException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "127.1", "010.0.0.1", "1.2.3.4.5"})
    void refusesMalformedIpv4(String text) {
        assertThatThrownBy(() -> Host.parse(text))
                .isInstanceOf(PkiInputException.class)
                .hasMessage("host '" + text + "' is not a valid IPv4 address: use four numbers 0-255 like 10.0.0.1");
    }

    @Test
    void refusesMalformedIpv6AndZoneIds() {
        assertThatThrownBy(() -> Host.parse("1:2:3")).hasMessage("host '1:2:3' is not a valid IPv6 address");
        assertThatThrownBy(() -> Host.parse("fe80::1%eth0"))
                .hasMessage("host 'fe80::1%eth0' has a zone id: zone ids cannot appear in a certificate");
        assertThatThrownBy(() -> Host.parse(" ")).hasMessageContaining("is empty");
    }

    @Test
    void refusesOverlongNames() {
        String label = "a".repeat(63);
        assertThat(Host.parse(label + ".example").kind()).isEqualTo(Host.Kind.DNS);
        assertThatThrownBy(() -> Host.parse("a".repeat(64) + ".example")).isInstanceOf(PkiInputException.class);
        String longName = String.join(".", label, label, label, label);
        assertThatThrownBy(() -> Host.parse(longName)).isInstanceOf(PkiInputException.class);
    }
}
