package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class RelayPeersTest {
    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theOtherAddressesOfTheHeadlessServiceAtTheRelaysPortAreThePeers() {
        InetAddress own = address("10.244.1.7");
        RelayPeers peers = RelayPeers.dns(
                "relay-peers",
                8094,
                name -> new InetAddress[] {address("10.244.2.9"), own, address("fd00::5")},
                own::equals);
        assertThat(peers.others())
                .containsExactly(
                        URI.create("https://10.244.2.9:8094"), URI.create("https://[fd00:0:0:0:0:0:0:5]:8094"));
    }

    @Test
    void aNameWithoutAddressesMeansNoPeers() {
        RelayPeers peers = RelayPeers.dns(
                "relay-peers",
                8094,
                name -> {
                    throw new UnknownHostException(name);
                },
                address -> false);
        assertThat(peers.others()).isEmpty();
    }

    @Test
    void theAddressesAreLookedUpOnEveryPushAsReplicasComeAndGo() {
        int[] replicas = {1};
        RelayPeers peers = RelayPeers.dns(
                "relay-peers",
                8094,
                name -> {
                    InetAddress[] all = new InetAddress[replicas[0]];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = address("10.244.0." + (i + 1));
                    }
                    return all;
                },
                address -> false);
        assertThat(peers.others()).hasSize(1);
        replicas[0] = 3;
        assertThat(peers.others()).hasSize(3);
    }
}
