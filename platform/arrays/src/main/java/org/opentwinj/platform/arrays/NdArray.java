package org.opentwinj.platform.arrays;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named n-dimensional array of one {@link DType} with a shape and an optional unit: a vertex
 * buffer, a grid, a field, a time series. The elements are held as their little-endian bytes in
 * C order (the last index varies fastest), exactly as an OTA1 block carries them, so writing one
 * never converts and reading one copies once. Immutable: factories and accessors copy.
 *
 * <p>Limits (the format's, checked here so a result that breaks them fails where it is made):
 * rank at most {@value ArrayCodec#MAX_RANK}, fewer than 2^31 elements, an encoded header of at
 * most {@value ArrayCodec#MAX_HEADER_BYTES} bytes; and, this Java implementation's, at most
 * {@value #MAX_DATA_BYTES} bytes of data (the JVM's largest byte array).
 */
public final class NdArray {

    /** The most data bytes one array holds in this JVM implementation (a byte array's limit). */
    public static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final String unit;
    private final byte[] data;
    private final byte[] header;

    private NdArray(String name, DType dtype, long[] shape, String unit, byte[] data) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.unit = unit;
        long count = elementCount(this.shape);
        if (count * dtype.byteSize() > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("array '" + name + "' has " + count + " " + dtype.wireName()
                    + " elements, more than " + MAX_DATA_BYTES + " bytes of data");
        }
        if (data.length != count * dtype.byteSize()) {
            throw new IllegalArgumentException("array '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                    + count * dtype.byteSize() + " bytes of " + dtype.wireName() + " data, got " + data.length);
        }
        this.data = data;
        this.header = ArrayCodec.encodeHeader(name, dtype, this.shape, unit);
    }

    /**
     * An array from its little-endian bytes in C order (copied).
     *
     * @param name  what the array is (e.g. {@code vertices}); any string, the header escapes it
     * @param dtype the element type
     * @param shape the extent of each dimension, each {@code >= 0}; empty for a scalar (one element)
     * @param unit  the unit of the values (SI symbol, e.g. {@code V/m}), or null for none
     * @param data  exactly prod(shape) * dtype.byteSize() bytes
     * @throws IllegalArgumentException if the shape or the data size breaks the limits above
     */
    public static NdArray of(String name, DType dtype, long[] shape, String unit, byte[] data) {
        return new NdArray(name, dtype, shape, unit, data.clone());
    }

    /** An {@link DType#F32} array of {@code values} (prod(shape) of them, C order). */
    public static NdArray ofFloats(String name, long[] shape, String unit, float[] values) {
        ByteBuffer bytes = buffer(values.length, 4);
        bytes.asFloatBuffer().put(values);
        return new NdArray(name, DType.F32, shape, unit, bytes.array());
    }

    /** An {@link DType#F64} array of {@code values} (prod(shape) of them, C order). */
    public static NdArray ofDoubles(String name, long[] shape, String unit, double[] values) {
        ByteBuffer bytes = buffer(values.length, 8);
        bytes.asDoubleBuffer().put(values);
        return new NdArray(name, DType.F64, shape, unit, bytes.array());
    }

    /** An {@link DType#I32} array of {@code values} (prod(shape) of them, C order). */
    public static NdArray ofInts(String name, long[] shape, String unit, int[] values) {
        ByteBuffer bytes = buffer(values.length, 4);
        bytes.asIntBuffer().put(values);
        return new NdArray(name, DType.I32, shape, unit, bytes.array());
    }

    /** An {@link DType#I64} array of {@code values} (prod(shape) of them, C order). */
    public static NdArray ofLongs(String name, long[] shape, String unit, long[] values) {
        ByteBuffer bytes = buffer(values.length, 8);
        bytes.asLongBuffer().put(values);
        return new NdArray(name, DType.I64, shape, unit, bytes.array());
    }

    /** Built by the codec from bytes it has read and checked: the data is not copied again. */
    static NdArray adopt(String name, DType dtype, long[] shape, String unit, byte[] data) {
        return new NdArray(name, dtype, shape, unit, data);
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** The extent of each dimension (a copy); empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** prod(shape): 1 for a scalar, 0 when a dimension is 0. */
    public long elementCount() {
        return elementCount(shape);
    }

    /** The unit of the values, or null when they have none. */
    public String unit() {
        return unit;
    }

    /** The elements' little-endian bytes, read-only and already in {@link ByteOrder#LITTLE_ENDIAN}. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values of an {@link DType#F32} array. */
    public float[] floats() {
        expect(DType.F32, "floats()");
        float[] values = new float[data.length / 4];
        data().asFloatBuffer().get(values);
        return values;
    }

    /** The values of an {@link DType#F64} array. */
    public double[] doubles() {
        expect(DType.F64, "doubles()");
        double[] values = new double[data.length / 8];
        data().asDoubleBuffer().get(values);
        return values;
    }

    /** The values of an {@link DType#I32} array. */
    public int[] ints() {
        expect(DType.I32, "ints()");
        int[] values = new int[data.length / 4];
        data().asIntBuffer().get(values);
        return values;
    }

    /** The values of an {@link DType#I64} array. */
    public long[] longs() {
        expect(DType.I64, "longs()");
        long[] values = new long[data.length / 8];
        data().asLongBuffer().get(values);
        return values;
    }

    /** The data bytes themselves, for the codec's writer (never handed out). */
    byte[] rawData() {
        return data;
    }

    /** The encoded, padded header, for the codec's writer (never handed out). */
    byte[] rawHeader() {
        return header;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && Objects.equals(unit, that.unit)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), unit, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "NdArray[" + name + " " + dtype.wireName() + Arrays.toString(shape) + (unit == null ? "" : " " + unit)
                + "]";
    }

    private void expect(DType wanted, String accessor) {
        if (dtype != wanted) {
            throw new IllegalStateException("array '" + name + "' is " + dtype.wireName() + ", " + accessor + " reads "
                    + wanted.wireName() + " (use data() for other types)");
        }
    }

    private static ByteBuffer buffer(int elements, int size) {
        if ((long) elements * size > MAX_DATA_BYTES) {
            throw new IllegalArgumentException(elements + " elements are more than " + MAX_DATA_BYTES + " bytes");
        }
        return ByteBuffer.allocate(elements * size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** prod(shape), after checking the rank and every extent against the format's limits. */
    static long elementCount(long[] shape) {
        if (shape.length > ArrayCodec.MAX_RANK) {
            throw new IllegalArgumentException(
                    "rank " + shape.length + " is more than " + ArrayCodec.MAX_RANK + " dimensions");
        }
        long count = 1;
        for (long extent : shape) {
            if (extent < 0 || extent > ArrayCodec.MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has extent " + extent
                        + ", not between 0 and " + ArrayCodec.MAX_ELEMENTS);
            }
        }
        for (long extent : shape) {
            if (extent == 0) {
                return 0;
            }
        }
        for (long extent : shape) {
            count *= extent;
            if (count > ArrayCodec.MAX_ELEMENTS) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has more than " + ArrayCodec.MAX_ELEMENTS + " elements");
            }
        }
        return count;
    }
}
