package org.opentwinj.platform.pki.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.tls.PeerCertificates;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.pki.tls.TlsTestSupport;

class CertsCommandTest {

    @Test
    void initCaIssueAndInspect(@TempDir Path dir) throws Exception {
        Certs initCa = Certs.run("init-ca", "--out", dir.toString());
        assertThat(initCa.exitCode()).as(initCa.err()).isZero();
        assertThat(initCa.err())
                .startsWith("opentwin certs: created CA 'CN=OpenTwin/J CA' (EC P-256, valid until ")
                .contains("wrote " + dir.resolve("ca.pem") + ", " + dir.resolve("ca-key.pem"))
                .hasLineCount(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");

        Path csr = Files.writeString(dir.resolve("gss-csr.json"), """
                {"CN": "gss", "hosts": ["gss.local", "127.0.0.1"],
                 "names": [{"C": "DE", "O": "OpenTwin", "OU": "Platform"}]}""");
        Certs issue = Certs.run(
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                dir.resolve("ca-key.pem").toString(),
                "--csr",
                csr.toString(),
                "--hosts",
                "::1,gss.svc",
                "--usage",
                "server",
                "--out",
                dir.resolve("gss").toString());
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.err())
                .startsWith("opentwin certs: issued server certificate 'CN=gss,OU=Platform,O=OpenTwin,C=DE'"
                        + " for hosts [gss.local, 127.0.0.1, ::1, gss.svc], valid until ")
                .hasLineCount(1);
        assertThat(dir.resolve("gss"))
                .isDirectoryContaining("glob:**/gss.pem")
                .isDirectoryContaining("glob:**/gss-key.pem")
                .isDirectoryContaining("glob:**/ca.pem");

        TlsMaterial material =
                TlsMaterial.load(dir.resolve("gss/gss.pem"), dir.resolve("gss/gss-key.pem"), dir.resolve("ca.pem"));
        assertThat(PeerCertificates.subjectAlternativeNames(material.leaf()))
                .containsExactly("gss.local", "127.0.0.1", "::1", "gss.svc");

        Certs inspect = Certs.run("inspect", dir.resolve("gss/gss.pem").toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        JsonNode info = Json.mapper().readTree(inspect.out());
        assertThat(info.at("/subject/common_name").asText()).isEqualTo("gss");
        assertThat(info.at("/subject/organization").asText()).isEqualTo("OpenTwin");
        assertThat(info.at("/subject/names").toString()).isEqualTo("[\"DE\",\"OpenTwin\",\"Platform\",\"gss\"]");
        assertThat(info.at("/issuer/common_name").asText()).isEqualTo("OpenTwin/J CA");
        assertThat(info.get("sans").toString()).isEqualTo("[\"gss.local\",\"127.0.0.1\",\"::1\",\"gss.svc\"]");
        assertThat(info.get("serial_number").asText())
                .isEqualTo(material.leaf().getSerialNumber().toString());
        assertThat(info.get("sigalg").asText()).isEqualTo("ECDSAWithSHA256");
        assertThat(info.get("key_algorithm").asText()).isEqualTo("ECDSA");
        assertThat(info.get("key_size").asInt()).isEqualTo(256);
        assertThat(info.get("key_usages").toString()).isEqualTo("[\"digital signature\"]");
        assertThat(info.get("extended_key_usages").toString()).isEqualTo("[\"server auth\"]");
        assertThat(info.get("is_ca").asBoolean()).isFalse();
        assertThat(info.get("not_after").asText())
                .isEqualTo(material.leaf().getNotAfter().toInstant().toString());
        assertThat(info.get("sha256_fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(info.get("authority_key_id").asText()).isNotBlank();
    }

    @Test
    void inspectPrintsOneObjectPerCertificate(@TempDir Path dir) throws Exception {
        Certs.run("init-ca", "--out", dir.toString(), "--cn", "Bundle CA");
        Certs.run(
                "issue",
                "--ca",
                dir.resolve("ca.pem").toString(),
                "--ca-key",
                dir.resolve("ca-key.pem").toString(),
                "--cn",
                "lss",
                "--out",
                dir.toString());
        Path bundle = Files.writeString(
                dir.resolve("bundle.pem"),
                Files.readString(dir.resolve("lss.pem")) + Files.readString(dir.resolve("ca.pem")));

        Certs inspect = Certs.run("inspect", bundle.toString());

        try (MappingIterator<JsonNode> objects =
                Json.mapper().readerFor(JsonNode.class).readValues(inspect.out())) {
            List<JsonNode> all = objects.readAll();
            assertThat(all)
                    .extracting(node -> node.at("/subject/common_name").asText())
                    .containsExactly("lss", "Bundle CA");
            assertThat(all.get(1).get("is_ca").asBoolean()).isTrue();
            assertThat(all.get(1).get("key_usages").toString()).isEqualTo("[\"cert sign\",\"crl sign\"]");
            assertThat(all.get(0).get("extended_key_usages").toString()).isEqualTo("[\"server auth\",\"client auth\"]");
        }
    }

    @Test
    void issueDefaultsToPeerCertificatesThatWorkBothWays(@TempDir Path dir) throws Exception {
        Certs.run("init-ca", "--out", dir.toString());
        String[] common = {
            "issue",
            "--ca",
            dir.toString(),
            "--ca-key",
            dir.resolve("ca-key.pem").toString(),
            "--out",
            dir.toString()
        };
        assertThat(Certs.run(concat(common, "--cn", "gss", "--hosts", "gss.local"))
                        .exitCode())
                .isZero();
        assertThat(Certs.run(concat(common, "--cn", "lss", "--name", "lss-0")).exitCode())
                .isZero();

        TlsMaterial gss = TlsMaterial.load(dir.resolve("gss.pem"), dir.resolve("gss-key.pem"), dir.resolve("ca.pem"));
        TlsMaterial lss =
                TlsMaterial.load(dir.resolve("lss-0.pem"), dir.resolve("lss-0-key.pem"), dir.resolve("ca.pem"));
        assertThat(TlsTestSupport.handshake(gss, lss, "gss.local")).isTrue();
    }

    @Test
    void initCaTakesCnKeyAndExpiryFromACsr(@TempDir Path dir) throws Exception {
        Path csr = Files.writeString(dir.resolve("ca-csr.json"), """
                {"CN": "Lab CA", "key": {"algo": "rsa", "size": 2048}, "ca": {"expiry": "48h"}}""");

        Certs initCa = Certs.run("init-ca", "--csr", csr.toString(), "--out", dir.toString());

        assertThat(initCa.exitCode()).as(initCa.err()).isZero();
        assertThat(initCa.err()).contains("'CN=Lab CA' (RSA 2048, valid until ");
        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        long hours = Duration.between(
                        ca.certificate().getNotBefore().toInstant(),
                        ca.certificate().getNotAfter().toInstant())
                .toHours();
        assertThat(hours).isEqualTo(48);
    }

    @Test
    void refusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
        assertThat(Certs.run("init-ca", "--out", dir.toString()).exitCode()).isZero();
        String key = Files.readString(dir.resolve("ca-key.pem"));

        Certs again = Certs.run("init-ca", "--out", dir.toString());

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err())
                .isEqualTo("opentwin certs: " + dir.resolve("ca.pem") + " already exists: use --force to overwrite it"
                        + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).isEqualTo(key);

        assertThat(Certs.run("init-ca", "--out", dir.toString(), "--force").exitCode())
                .isZero();
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).isNotEqualTo(key);
    }

    @Test
    void badInputAndMissingFilesExitWithTwo(@TempDir Path dir) throws Exception {
        Certs.run("init-ca", "--out", dir.toString());
        String caKey = dir.resolve("ca-key.pem").toString();
        Path badCsr = Files.writeString(
                dir.resolve("bad.json"), "{\"CN\": \"x\", \"key\": {\"algo\": \"rsa\", \"size\": 1024}}");

        assertFails(
                2,
                "opentwin certs: --csr " + dir.resolve("missing.json") + " does not exist",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey,
                "--csr",
                dir.resolve("missing.json").toString());
        assertFails(
                2,
                "opentwin certs: " + badCsr + ": key.size 1024 is not allowed for rsa: use 2048, 3072 or 4096",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey,
                "--csr",
                badCsr.toString());
        assertFails(
                2,
                "opentwin certs: --csr " + dir.resolve("missing.json") + " does not exist",
                "init-ca",
                "--csr",
                dir.resolve("missing.json").toString(),
                "--out",
                dir.resolve("x").toString());
        assertFails(
                2,
                "opentwin certs: usage 'both' is not known: use server, client, peer",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey,
                "--cn",
                "a",
                "--usage",
                "both");
        assertFails(
                2,
                "opentwin certs: --validity '1y' is not a duration: use e.g. 8760h, 90m, 1h30m or 365d",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey,
                "--cn",
                "a",
                "--validity",
                "1y");
        assertFails(
                2,
                "opentwin certs: issue needs --csr FILE or --cn NAME",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey);
        assertFails(
                2,
                "opentwin certs: --ca-key " + dir.resolve("nope.pem") + " does not exist",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                dir.resolve("nope.pem").toString(),
                "--cn",
                "a");
        assertFails(
                2,
                "opentwin certs: FILE " + dir.resolve("nope.pem") + " does not exist",
                "inspect",
                dir.resolve("nope.pem").toString());
        assertFails(
                2,
                "opentwin certs: host 'bad_host' is neither an IP address nor a valid DNS name: use letters,"
                        + " digits, hyphens and dots, optionally starting with '*.'",
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                caKey,
                "--cn",
                "a",
                "--hosts",
                "bad_host");
    }

    @Test
    void commandLineMistakesExitWithTwo() {
        Certs missingOption = Certs.run("issue", "--cn", "a");
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.err())
                .startsWith("opentwin certs: Missing required options: '--ca=DIR_OR_FILE'," + " '--ca-key=FILE'")
                .contains("(see 'certs issue --help')")
                .hasLineCount(1);

        Certs noSubcommand = Certs.run();
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).startsWith("opentwin certs: Missing required subcommand");

        assertThat(Certs.run("rotate").exitCode()).isEqualTo(2);
        assertThat(Certs.run("--help").exitCode()).isZero();
    }

    @Test
    void certificateProblemsExitWithFive(@TempDir Path dir) throws Exception {
        Certs.run("init-ca", "--out", dir.resolve("a").toString());
        Certs.run("init-ca", "--out", dir.resolve("b").toString());

        assertFails(
                5,
                "opentwin certs: " + dir.resolve("b/ca-key.pem") + " does not match the CA certificate "
                        + dir.resolve("a/ca.pem") + " (EC P-256 key, certificate has EC P-256)",
                "issue",
                "--ca",
                dir.resolve("a").toString(),
                "--ca-key",
                dir.resolve("b/ca-key.pem").toString(),
                "--cn",
                "x",
                "--out",
                dir.toString());
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertFails(
                5,
                "opentwin certs: " + notPem + " is not PEM: no -----BEGIN ...----- line found",
                "inspect",
                notPem.toString());
        assertThat(dir.resolve("x.pem")).doesNotExist();
    }

    @Test
    void validityBeyondTheCaIsRefused(@TempDir Path dir) {
        Certs.run("init-ca", "--out", dir.toString(), "--validity", "48h");

        Certs issue = Certs.run(
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                dir.resolve("ca-key.pem").toString(),
                "--cn",
                "a",
                "--out",
                dir.toString());

        assertThat(issue.exitCode()).isEqualTo(2);
        assertThat(issue.err())
                .startsWith("opentwin certs: validity 8760h would end on ")
                .contains("after the CA expires on");
    }

    private static void assertFails(int exitCode, String message, String... args) {
        Certs result = Certs.run(args);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
        assertThat(result.err()).isEqualTo(message + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
