package org.opentwinj.platform.transport.server;

import java.util.Optional;
import org.opentwinj.platform.error.PublicException;

/**
 * One range of bytes of a representation (RFC 9110 section 14): what a {@code Range} header
 * asks for, resolved against the representation's size. Only single ranges are served; a
 * client asking several gets the whole representation (200), as the RFC allows.
 *
 * @param first the first byte, inclusive
 * @param last  the last byte, inclusive
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of this part of a representation of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range a {@code Range} header asks for, or empty for the whole representation (no
     * header, several ranges, or a unit other than bytes).
     *
     * @throws PublicException 416 when the range is malformed or lies past the end (its
     *     {@code size} detail lets the caller send {@code Content-Range: bytes * /size})
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = value.substring(6).strip();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable(header, size);
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        try {
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first < 0 || first >= size || last < first) {
                throw unsatisfiable(header, size);
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            throw unsatisfiable(header, size);
        }
    }

    private static PublicException unsatisfiable(String header, long size) {
        return new PublicException(416, "range '" + header + "' is not within the " + size + " bytes")
                .withDetail("size", size);
    }
}
