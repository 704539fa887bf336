package org.opentwinj.platform.pki.csr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentwinj.platform.pki.PkiInputException;

class CertificateRequestTest {
    static final String FULL = """
            {"CN": "gss", "hosts": ["gss.local", "127.0.0.1", "::1"],
             "key": {"algo": "ecdsa", "size": 256},
             "names": [{"C": "DE", "ST": "Hessen", "L": "Darmstadt", "O": "OpenTwin", "OU": "Platform"}],
             "ca": {"expiry": "43800h"}}
            """;

    @Test
    void readsTheFullCfsslExample() {
        CertificateRequest request = CertificateRequest.parse(FULL);

        assertThat(request.commonName()).isEqualTo("gss");
        assertThat(request.hosts())
                .containsExactly(
                        new Host("gss.local", Host.Kind.DNS),
                        new Host("127.0.0.1", Host.Kind.IPV4),
                        new Host("::1", Host.Kind.IPV6));
        assertThat(request.key()).isEqualTo(new KeySpec(KeySpec.Algorithm.ECDSA, 256));
        assertThat(request.names())
                .containsExactly(new SubjectName("DE", "Hessen", "Darmstadt", "OpenTwin", "Platform"));
        assertThat(request.caExpiry()).contains(Duration.ofHours(43_800));
    }

    @Test
    void onlyTheCommonNameIsRequired() {
        CertificateRequest request = CertificateRequest.parse("{\"CN\": \"lss\"}");

        assertThat(request.hosts()).isEmpty();
        assertThat(request.key()).isEqualTo(KeySpec.DEFAULT);
        assertThat(request.names()).isEmpty();
        assertThat(request.caExpiry()).isEmpty();
    }

    @Test
    void keyDefaultsPerAlgorithm() {
        assertThat(CertificateRequest.parse("{\"CN\": \"a\", \"key\": {\"algo\": \"rsa\"}}")
                        .key())
                .isEqualTo(new KeySpec(KeySpec.Algorithm.RSA, 2048));
        assertThat(CertificateRequest.parse("{\"CN\": \"a\", \"key\": {\"algo\": \"RSA\", \"size\": 3072}}")
                        .key())
                .isEqualTo(new KeySpec(KeySpec.Algorithm.RSA, 3072));
        assertThat(CertificateRequest.parse("{\"CN\": \"a\", \"key\": {\"size\": 384}}")
                        .key())
                .isEqualTo(new KeySpec(KeySpec.Algorithm.ECDSA, 384));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("{}", "CN is required in CSR JSON"),
                Arguments.of("{\"CN\": \"  \"}", "CN is required in CSR JSON"),
                Arguments.of("{\"CN\": 5}", "CN must be a string, found 5"),
                Arguments.of("{\"CN\": \"a\", \"serialnumber\": \"1\"}", "unknown field 'serialnumber' in CSR JSON"),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"algo\": \"dsa\"}}",
                        "key.algo 'dsa' is not supported: use ecdsa or rsa"),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"algo\": \"rsa\", \"size\": 1024}}",
                        "key.size 1024 is not allowed for rsa: use 2048, 3072 or 4096"),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"algo\": \"rsa\", \"size\": 2500}}",
                        "key.size 2500 is not allowed for rsa: use 2048, 3072 or 4096"),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"algo\": \"ecdsa\", \"size\": 521}}",
                        "key.size 521 is not allowed for ecdsa: use 256 or 384"),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"size\": \"256\"}}",
                        "key.size must be a whole number like 256 or 2048, found \"256\""),
                Arguments.of(
                        "{\"CN\": \"a\", \"key\": {\"algo\": \"rsa\", \"bits\": 2048}}",
                        "unknown field 'key.bits' in CSR JSON"),
                Arguments.of(
                        "{\"CN\": \"a\", \"names\": [{\"C\": \"DE\", \"X\": \"1\"}]}",
                        "unknown field 'names[0].X' in CSR JSON"),
                Arguments.of("{\"CN\": \"a\", \"names\": {\"C\": \"DE\"}}", "names must be an array, found object"),
                Arguments.of(
                        "{\"CN\": \"a\", \"names\": [{\"C\": \"DEU\"}]}",
                        "names[0].C must be a two-letter country code like DE or US, found 'DEU'"),
                Arguments.of(
                        "{\"CN\": \"a\", \"names\": [{\"O\": \"" + "x".repeat(65) + "\"}]}",
                        "names[0].O must have 1 to 64 characters, found 65"),
                Arguments.of(
                        "{\"CN\": \"a\", \"names\": [{\"C\": \"DE\"}, {\"ST\": \"" + "y".repeat(129) + "\"}]}",
                        "names[1].ST must have 1 to 128 characters, found 129"),
                Arguments.of(
                        "{\"CN\": \"a\", \"ca\": {\"expiry\": \"1y\"}}",
                        "ca.expiry '1y' is not a duration: use e.g. 8760h, 90m, 1h30m or 365d"),
                Arguments.of("{\"CN\": \"a\", \"ca\": {\"pathlen\": 1}}", "unknown field 'ca.pathlen' in CSR JSON"),
                Arguments.of(
                        "{\"CN\": \"a\", \"hosts\": [\"bad_host\"]}",
                        "host 'bad_host' is neither an IP address nor a valid DNS name: use letters, digits, hyphens and dots, optionally starting with '*.'"),
                Arguments.of("{\"CN\": \"a\", \"hosts\": [1]}", "hosts must hold only strings, found 1"),
                Arguments.of("[]", "CSR JSON must be an object like {\"CN\": \"name\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void refusesBadInputWithOneLineNamingTheField(String json, String message) {
        assertThatThrownBy(() -> CertificateRequest.parse(json))
                .isInstanceOf(PkiInputException.class)
                .hasMessage(message);
    }

    @Test
    void refusesMalformedJsonWithThePosition() {
        assertThatThrownBy(() -> CertificateRequest.parse("{\"CN\": \"a\",\n}"))
                .isInstanceOf(PkiInputException.class)
                .hasMessageStartingWith("CSR JSON is not valid JSON: ")
                .hasMessageContaining("(line 2, column")
                .hasMessageNotContaining("\n");
    }

    @Test
    void readNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path csr = dir.resolve("bad.json");
        Files.writeString(csr, "{\"CN\": \"a\", \"host\": []}");

        assertThatThrownBy(() -> CertificateRequest.read(csr)).hasMessage(csr + ": unknown field 'host' in CSR JSON");
        assertThatThrownBy(() -> CertificateRequest.read(dir.resolve("missing.json")))
                .isInstanceOf(PkiInputException.class)
                .hasMessage("CSR file " + dir.resolve("missing.json") + " does not exist");
    }

    @Test
    void moreHostsAreAppendedWithoutDuplicates() {
        CertificateRequest request = CertificateRequest.of("gss", List.of("gss.local", "127.0.0.1"))
                .withMoreHosts(List.of("GSS.local", "10.0.0.7", "0:0:0:0:0:0:0:1", "::1"));

        assertThat(request.hosts()).extracting(Host::name).containsExactly("gss.local", "127.0.0.1", "10.0.0.7", "::1");
    }
}
