package org.opentwinj.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueParsersTest {
    @Test
    void httpsUrlKeepsHostAndPort() {
        assertThat(ValueParsers.HTTPS_URL.parse("https://gss.example.org:8091"))
                .isEqualTo(URI.create("https://gss.example.org:8091"));
        assertThat(ValueParsers.HTTPS_URL.parse("https://[::1]:8091/")).isEqualTo(URI.create("https://[::1]:8091"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://gss.example.org|the URL has no port (write it as https://gss.example.org:PORT)",
                "http://gss:8091|expected a URL starting with https://",
                "gss:8091|expected a URL starting with https://",
                "https://gss:8091/path|the URL must not have a path",
                "https://:8091|the URL has no host",
                "https://gss:70000|port 70000 is out of range (1 to 65535)",
                "https://bad host:1|not a URL: Illegal character in authority",
            })
    void httpsUrlRefusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> ValueParsers.HTTPS_URL.parse(text)).hasMessage(reason);
    }

    @Test
    void booleansAndIntegers() {
        assertThat(ValueParsers.BOOLEAN.parse("yes")).isTrue();
        assertThat(ValueParsers.BOOLEAN.parse("OFF")).isFalse();
        assertThatThrownBy(() -> ValueParsers.BOOLEAN.parse("maybe")).hasMessage("expected true or false");
        assertThat(ValueParsers.integer(1, 10).parse("1_0")).isEqualTo(10);
        assertThatThrownBy(() -> ValueParsers.integer(1, 10).parse("11"))
                .hasMessage("expected a whole number between 1 and 10");
    }

    @Test
    void mongoUrl() {
        assertThat(ValueParsers.MONGODB_URL.parse("mongodb://db:27017/opentwin"))
                .isEqualTo("mongodb://db:27017/opentwin");
        assertThatThrownBy(() -> ValueParsers.MONGODB_URL.parse("postgres://db"))
                .hasMessageContaining("MongoDB connection string");
    }

    @Test
    void aListOfHttpsUrlsChecksEachOne() {
        assertThat(ValueParsers.HTTPS_URLS.parse("https://relay-1:8094, https://relay-2:8094"))
                .containsExactly(URI.create("https://relay-1:8094"), URI.create("https://relay-2:8094"));
        assertThatThrownBy(() -> ValueParsers.HTTPS_URLS.parse("https://relay-1:8094,https://relay-2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
