package org.opentwinj.platform.pki.csr;

/**
 * Writes IPv6 addresses the way RFC 5952 recommends ({@code ::1}, {@code fd00::a:1}); the
 * JDK only writes the full form ({@code 0:0:0:0:0:0:0:1}), which nobody types.
 */
final class IpText {
    private IpText() {}

    /** The RFC 5952 text of a 16-byte IPv6 address. */
    static String formatIpv6(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("not an IPv6 address: " + address.length + " bytes");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups is written as "::"; the first one wins a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
