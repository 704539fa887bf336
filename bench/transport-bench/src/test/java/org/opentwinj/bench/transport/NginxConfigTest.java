package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NginxConfigTest {
    private final Path dir = Path.of("/tmp/run");

    @Test
    void nginxRequiresTheClientCertificateAndKeepsConnectionsOpen() {
        String conf = new NginxConfig(dir, 8443, "auto", Payload.REPLY_TEXT).render();

        assertThat(conf)
                .contains("listen 127.0.0.1:8443 ssl;")
                .contains("ssl_certificate \"/tmp/run/server.pem\";")
                .contains("ssl_certificate_key \"/tmp/run/server-key.pem\";")
                .contains("ssl_client_certificate \"/tmp/run/ca.pem\";")
                .contains("ssl_verify_client on;")
                .contains("ssl_protocols TLSv1.2 TLSv1.3;")
                .contains("keepalive_requests 100000000;")
                .contains("worker_processes auto;")
                .contains("daemon off;")
                .contains("access_log off;")
                .contains("pid \"/tmp/run/nginx.pid\";");
    }

    @Test
    void nginxAnswersTheSameBytesAsTheEchoAction() {
        String conf = new NginxConfig(dir, 8443, "1", Payload.REPLY_TEXT).render();

        assertThat(conf)
                .contains("location = /execute {")
                .contains("default_type application/json;")
                .contains("return 200 '" + Payload.REPLY_TEXT + "';");
    }

    @Test
    void aBodyThatWouldBreakTheQuotingIsRefused() {
        assertThatThrownBy(() -> new NginxConfig(dir, 1, "1", "it's")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReplyIsWhatOurServerSerialisesForTheEchoResult() throws Exception {
        var reply = org.opentwinj.platform.transport.action.Reply.ok(
                Payload.ACTION,
                org.opentwinj.platform.json.Json.mapper().valueToTree(new Payload.EchoMessage(Payload.MESSAGE)));

        assertThat(org.opentwinj.platform.json.Json.write(reply.body())).isEqualTo(Payload.REPLY_TEXT);
    }
}
