package org.opentwinj.platform.arrays;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element type of an {@link NdArray}: its size and how its little-endian bytes read. The
 * wire name ({@link #wireName()}, e.g. {@code "f32"}) is what a block's header carries and what
 * the web client's {@code arrays.ts} maps to a typed array ({@code Float32Array} ...).
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary64. */
    F64(8),
    /** Signed 8-bit integer. */
    I8(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Signed 16-bit integer. */
    I16(2),
    /** Unsigned 16-bit integer. */
    U16(2),
    /** Signed 32-bit integer. */
    I32(4),
    /** Unsigned 32-bit integer. */
    U32(4),
    /** Signed 64-bit integer. */
    I64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The name in a block's header: the constant's name in lower case ({@code f32}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a header's {@code dtype} names, or empty for a name that is not one (exact, lower case). */
    public static Optional<DType> fromWireName(String wireName) {
        for (DType type : values()) {
            if (type.wireName().equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The wire names, comma separated, for messages that list the valid ones. */
    static String wireNames() {
        return Arrays.stream(values()).map(DType::wireName).collect(Collectors.joining(", "));
    }
}
