package org.opentwinj.platform.arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void factoriesKeepValuesShapeAndUnit() {
        NdArray floats = NdArray.ofFloats("field", new long[] {2, 3}, "V/m", new float[] {1, 2, 3, 4, 5, Float.NaN});
        assertThat(floats.dtype()).isEqualTo(DType.F32);
        assertThat(floats.shape()).containsExactly(2, 3);
        assertThat(floats.rank()).isEqualTo(2);
        assertThat(floats.elementCount()).isEqualTo(6);
        assertThat(floats.unit()).isEqualTo("V/m");
        assertThat(floats.floats()).containsExactly(1, 2, 3, 4, 5, Float.NaN);

        assertThat(NdArray.ofDoubles("t", new long[] {2}, "s", new double[] {0.5, -1e300})
                        .doubles())
                .containsExactly(0.5, -1e300);
        assertThat(NdArray.ofInts("idx", new long[] {3}, null, new int[] {0, -1, Integer.MAX_VALUE})
                        .ints())
                .containsExactly(0, -1, Integer.MAX_VALUE);
        assertThat(NdArray.ofLongs("ids", new long[] {1}, null, new long[] {Long.MIN_VALUE})
                        .longs())
                .containsExactly(Long.MIN_VALUE);
    }

    @Test
    void dataIsLittleEndianInCOrder() {
        NdArray ints = NdArray.ofInts("i", new long[] {2}, null, new int[] {1, 0x01020304});
        byte[] bytes = new byte[8];
        ints.data().get(bytes);
        assertThat(bytes).containsExactly(1, 0, 0, 0, 4, 3, 2, 1);
        assertThat(ints.data().order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(ints.data().isReadOnly()).isTrue();
    }

    @Test
    void ofCopiesTheBytesSoTheArrayStaysImmutable() {
        byte[] bytes = {1, 2, 3};
        NdArray u8 = NdArray.of("b", DType.U8, new long[] {3}, null, bytes);
        bytes[0] = 9;
        assertThat(u8.data().get(0)).isEqualTo((byte) 1);
        long[] shape = u8.shape();
        shape[0] = 7;
        assertThat(u8.shape()).containsExactly(3);
    }

    @Test
    void scalarAndEmptyArrays() {
        NdArray scalar = NdArray.ofDoubles("pi", new long[0], null, new double[] {Math.PI});
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.elementCount()).isEqualTo(1);
        NdArray empty = NdArray.ofFloats("none", new long[] {4, 0}, "m", new float[0]);
        assertThat(empty.elementCount()).isZero();
        assertThat(empty.floats()).isEmpty();
    }

    @Test
    void refusesDataThatDoesNotFitTheShape() {
        assertThatThrownBy(() -> NdArray.ofFloats("f", new long[] {2, 2}, null, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 16 bytes of f32 data, got 12");
        assertThatThrownBy(() -> NdArray.of("u", DType.U16, new long[] {3}, null, new byte[5]))
                .hasMessageContaining("needs 6 bytes");
    }

    @Test
    void refusesShapesBeyondTheFormatsLimits() {
        assertThatThrownBy(() -> NdArray.of("r", DType.U8, new long[9], null, new byte[0]))
                .hasMessageContaining("rank 9 is more than 8");
        assertThatThrownBy(() -> NdArray.of("n", DType.U8, new long[] {-1}, null, new byte[0]))
                .hasMessageContaining("extent -1");
        assertThatThrownBy(() -> NdArray.of("big", DType.U8, new long[] {1L << 16, 1L << 15}, null, new byte[0]))
                .hasMessageContaining("more than 2147483647 elements");
    }

    @Test
    void refusesAHeaderLongerThan64KiB() {
        String longName = "x".repeat(ArrayCodec.MAX_HEADER_BYTES);
        assertThatThrownBy(() -> NdArray.ofFloats(longName, new long[] {0}, null, new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 65536");
    }

    @Test
    void typedAccessorsNameTheArraysRealType() {
        NdArray floats = NdArray.ofFloats("f", new long[] {1}, null, new float[1]);
        assertThatThrownBy(floats::doubles)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("array 'f' is f32, doubles() reads f64 (use data() for other types)");
        assertThatThrownBy(floats::ints).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(floats::longs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void equalityIsByContent() {
        NdArray a = NdArray.ofInts("a", new long[] {2}, "m", new int[] {1, 2});
        assertThat(a).isEqualTo(NdArray.ofInts("a", new long[] {2}, "m", new int[] {1, 2}));
        assertThat(a).hasSameHashCodeAs(NdArray.ofInts("a", new long[] {2}, "m", new int[] {1, 2}));
        assertThat(a).isNotEqualTo(NdArray.ofInts("a", new long[] {2}, null, new int[] {1, 2}));
        assertThat(a).isNotEqualTo(NdArray.ofInts("a", new long[] {1, 2}, "m", new int[] {1, 2}));
        assertThat(a.toString()).isEqualTo("NdArray[a i32[2] m]");
    }
}
