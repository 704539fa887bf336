package org.opentwinj.platform.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class ByteRangeTest {

    @Test
    void singleRangesResolveAgainstTheSize() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(ByteRange.parse("Bytes=1-1", 10)).contains(new ByteRange(1, 1));
        assertThat(new ByteRange(900, 999).length()).isEqualTo(100);
        assertThat(new ByteRange(900, 999).contentRange(1000)).isEqualTo("bytes 900-999/1000");
    }

    @Test
    void noHeaderSeveralRangesOrAnotherUnitMeanTheWhole() {
        assertThat(ByteRange.parse(null, 10)).isEmpty();
        assertThat(ByteRange.parse(" ", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
    }

    @Test
    void rangesPastTheEndOrMalformedAre416WithTheSize() {
        for (String header : new String[] {"bytes=1000-", "bytes=5-2", "bytes=abc", "bytes=-0", "bytes=x-1"}) {
            assertThatThrownBy(() -> ByteRange.parse(header, 1000))
                    .as(header)
                    .isInstanceOfSatisfying(PublicException.class, e -> {
                        assertThat(e.status()).isEqualTo(416);
                        assertThat(e.details()).containsEntry("size", 1000L);
                    });
        }
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(PublicException.class);
    }
}
