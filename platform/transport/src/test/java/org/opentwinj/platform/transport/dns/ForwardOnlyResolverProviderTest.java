package org.opentwinj.platform.transport.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ForwardOnlyResolverProviderTest {
    @Test
    void namesStillResolveButAnAddressIsNeverLookedUpForItsName() throws Exception {
        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
        // 127.0.0.1 is "localhost" in /etc/hosts: without the provider (found by the JDK through
        // the service file) the built-in resolver would give that name.
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        assertThat(loopback.getHostName()).isEqualTo("127.0.0.1");
        assertThat(new InetSocketAddress(loopback, 8092).getHostName()).isEqualTo("127.0.0.1");
    }
}
