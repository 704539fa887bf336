package org.opentwinj.platform.pki.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.Keys;
import org.opentwinj.platform.pki.pem.PemFiles;

/**
 * What {@code opentwin certs} writes must satisfy openssl, and what openssl makes must load
 * here. Skipped, loudly, where openssl is not installed.
 */
class OpensslInteropTest {
    private static boolean opensslPresent;

    @BeforeAll
    static void findOpenssl() {
        try {
            opensslPresent = new ProcessBuilder("openssl", "version").start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            opensslPresent = false;
        }
        if (!opensslPresent) {
            System.err.println("*** openssl is not on PATH: the OpenSSL interoperability tests are SKIPPED ***");
        }
    }

    @Test
    void opensslVerifiesWhatTheCliWrites(@TempDir Path dir) throws Exception {
        requireOpenssl();
        assertThat(Certs.run("init-ca", "--out", dir.toString()).exitCode()).isZero();
        Certs issue = Certs.run(
                "issue",
                "--ca",
                dir.toString(),
                "--ca-key",
                dir.resolve("ca-key.pem").toString(),
                "--cn",
                "gss",
                "--hosts",
                "gss.local,127.0.0.1,::1",
                "--usage",
                "server",
                "--out",
                dir.toString());
        assertThat(issue.exitCode()).as(issue.err()).isZero();

        assertThat(openssl(dir, "verify", "-CAfile", "ca.pem", "gss.pem")).isEqualTo("gss.pem: OK");
        assertThat(openssl(dir, "verify", "-purpose", "sslserver", "-CAfile", "ca.pem", "gss.pem"))
                .isEqualTo("gss.pem: OK");
        String extensions = openssl(dir, "x509", "-in", "gss.pem", "-noout", "-ext", "subjectAltName,extendedKeyUsage");
        assertThat(extensions)
                .contains(
                        "DNS:gss.local",
                        "IP Address:127.0.0.1",
                        "IP Address:0:0:0:0:0:0:0:1",
                        "TLS Web Server Authentication")
                .doesNotContain("TLS Web Client Authentication");
        openssl(dir, "pkey", "-in", "gss-key.pem", "-noout");
        openssl(dir, "pkey", "-in", "ca-key.pem", "-noout");
        assertThat(openssl(dir, "x509", "-in", "ca.pem", "-noout", "-ext", "basicConstraints,keyUsage"))
                .contains("critical", "CA:TRUE", "Certificate Sign, CRL Sign");
    }

    @Test
    void opensslSeesPeerAndClientUsagesAndRsaKeys(@TempDir Path dir) throws Exception {
        requireOpenssl();
        Path csr = Files.writeString(
                dir.resolve("csr.json"), "{\"CN\": \"lss\", \"key\": {\"algo\": \"rsa\", \"size\": 2048}}");
        Certs.run("init-ca", "--out", dir.toString());
        String[] ca = {
            "--ca",
            dir.resolve("ca.pem").toString(),
            "--ca-key",
            dir.resolve("ca-key.pem").toString(),
            "--out",
            dir.toString()
        };
        assertThat(Certs.run(join(List.of("issue", "--csr", csr.toString()), ca))
                        .exitCode())
                .isZero();
        assertThat(Certs.run(join(List.of("issue", "--cn", "ui", "--usage", "client"), ca))
                        .exitCode())
                .isZero();

        assertThat(openssl(dir, "x509", "-in", "lss.pem", "-noout", "-ext", "extendedKeyUsage,keyUsage"))
                .contains(
                        "TLS Web Server Authentication, TLS Web Client Authentication",
                        "Digital Signature, Key Encipherment");
        assertThat(openssl(dir, "verify", "-purpose", "sslclient", "-CAfile", "ca.pem", "ui.pem"))
                .isEqualTo("ui.pem: OK");
        assertThat(run(dir, "openssl", "verify", "-purpose", "sslserver", "-CAfile", "ca.pem", "ui.pem").exitCode)
                .isNotZero();
        assertThat(openssl(dir, "pkey", "-in", "lss-key.pem", "-noout", "-text"))
                .contains("2048 bit");
    }

    @Test
    void opensslMadeKeysAndCasLoad(@TempDir Path dir) throws Exception {
        requireOpenssl();
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem");
        openssl(dir, "genrsa", "-traditional", "-out", "rsa.pem", "2048");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.pem");
        assertThat(Files.readString(dir.resolve("ec.pem")))
                .contains("-----BEGIN EC PARAMETERS-----", "-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("rsa.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        for (String key : List.of("ec.pem", "rsa.pem", "p384.pem")) {
            openssl(
                    dir,
                    "req",
                    "-x509",
                    "-new",
                    "-key",
                    key,
                    "-subj",
                    "/CN=OpenSSL CA " + key,
                    "-days",
                    "2",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                    "-out",
                    "ca-" + key);
            CertificateAuthority ca = CertificateAuthority.load(dir.resolve("ca-" + key), dir.resolve(key));
            assertThat(Keys.matches(
                            PemFiles.readPrivateKey(dir.resolve(key)),
                            ca.certificate().getPublicKey()))
                    .isTrue();

            IssuedCertificate issued =
                    ca.issue(CertificateRequest.of("svc", List.of("svc.local")), Usage.PEER, Duration.ofHours(1));
            issued.writeTo(dir.resolve("out-" + key.replace(".pem", "")), "svc");
            assertThat(openssl(dir.resolve("out-" + key.replace(".pem", "")), "verify", "-CAfile", "ca.pem", "svc.pem"))
                    .isEqualTo("svc.pem: OK");
        }
    }

    @Test
    void encryptedOpensslKeysAreRefusedWithAHint(@TempDir Path dir) throws Exception {
        requireOpenssl();
        openssl(
                dir,
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:secret",
                "-out",
                "enc.pem");

        assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve("enc.pem")))
                .hasMessageContaining("holds an encrypted private key: decrypt it first");
    }

    private static void requireOpenssl() {
        Assumptions.assumeTrue(opensslPresent, "*** openssl is not on PATH: OpenSSL interoperability test SKIPPED ***");
    }

    private record Result(int exitCode, String output) {}

    /** Runs openssl in {@code dir}, fails the test on a non-zero exit, returns its trimmed output. */
    private static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Result result = run(dir, command.toArray(String[]::new));
        assertThat(result.exitCode).as("%s -> %s", command, result.output).isZero();
        return result.output.strip();
    }

    private static Result run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + List.of(command));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String[] join(List<String> first, String[] rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
