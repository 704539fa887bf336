package org.opentwinj.platform.arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayCodecTest {

    @Test
    void aBlockIsMagicLengthPaddedHeaderDataAndZeroPadding() throws Exception {
        NdArray bytes = NdArray.of("a", DType.U8, new long[] {3}, null, new byte[] {7, 8, 9});
        byte[] payload = ArrayCodec.write(List.of(bytes));

        String json = "{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[3],\"unit\":null}";
        int headerLength = (json.length() + 7) / 8 * 8;
        assertThat(Arrays.copyOfRange(payload, 0, 4)).isEqualTo("OTA1".getBytes(StandardCharsets.US_ASCII));
        assertThat(ByteBuffer.wrap(payload, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
                .isEqualTo(headerLength);
        String header = new String(payload, 8, headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith(json);
        assertThat(header.substring(json.length())).isBlank().hasSize(headerLength - json.length());
        assertThat(Arrays.copyOfRange(payload, 8 + headerLength, payload.length))
                .containsExactly(7, 8, 9, 0, 0, 0, 0, 0);
        assertThat(payload.length % 8).isZero();
        assertThat(ArrayCodec.encodedSize(List.of(bytes))).isEqualTo(payload.length);
    }

    @Test
    void everyTypeRoundTripsInOrder() throws Exception {
        List<NdArray> arrays = List.of(
                NdArray.ofFloats("vertices", new long[] {2, 3}, "mm", new float[] {0, 1, 2, 3, 4, 5}),
                NdArray.ofDoubles("series", new long[] {3}, "s", new double[] {1.5, -0.0, Double.MAX_VALUE}),
                NdArray.of("i8", DType.I8, new long[] {1}, null, new byte[] {-5}),
                NdArray.of("u8", DType.U8, new long[] {2}, null, new byte[] {(byte) 255, 1}),
                NdArray.of("i16", DType.I16, new long[] {1}, null, new byte[] {1, (byte) 0x80}),
                NdArray.of("u16", DType.U16, new long[] {1, 1, 1}, null, new byte[] {(byte) 0xff, (byte) 0xff}),
                NdArray.ofInts("indices", new long[] {3}, null, new int[] {0, 1, 2}),
                NdArray.of("u32", DType.U32, new long[] {1}, "K", new byte[] {1, 2, 3, 4}),
                NdArray.ofLongs("ids", new long[] {2}, null, new long[] {1L << 40, -1}),
                NdArray.ofDoubles("scalar", new long[0], "Ω", new double[] {42}),
                NdArray.ofFloats("empty", new long[] {0, 5}, null, new float[0]));
        byte[] payload = ArrayCodec.write(arrays);

        assertThat(ArrayCodec.read(payload)).containsExactlyElementsOf(arrays);
        assertThat(ArrayCodec.read(new ByteArrayInputStream(payload))).containsExactlyElementsOf(arrays);
        assertThat(ArrayCodec.encodedSize(arrays)).isEqualTo(payload.length);
    }

    @Test
    void everyBlockStartsAndItsDataStartsAtAMultipleOfEight() {
        List<NdArray> arrays = List.of(
                NdArray.of("odd", DType.U8, new long[] {5}, null, new byte[5]),
                NdArray.of("name with ünïcödé and \"quotes\"", DType.I16, new long[] {3}, "µm", new byte[6]),
                NdArray.ofDoubles("d", new long[] {1}, null, new double[] {1}));
        byte[] payload = ArrayCodec.write(arrays);
        int blockStart = 0;
        for (NdArray array : arrays) {
            assertThat(blockStart % 8).isZero();
            int headerLength = ByteBuffer.wrap(payload, blockStart + 4, 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            int dataStart = blockStart + 8 + headerLength;
            assertThat(dataStart % 8).isZero();
            byte[] data = new byte[(int) (array.elementCount() * array.dtype().byteSize())];
            array.data().get(data);
            assertThat(Arrays.copyOfRange(payload, dataStart, dataStart + data.length))
                    .isEqualTo(data);
            blockStart = dataStart + (data.length + 7) / 8 * 8;
        }
        assertThat(blockStart).isEqualTo(payload.length);
    }

    @Test
    void writesToAStreamTheSameBytes() throws IOException {
        List<NdArray> arrays = List.of(NdArray.ofInts("i", new long[] {1}, null, new int[] {3}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArrayCodec.write(arrays, out);
        assertThat(out.toByteArray()).isEqualTo(ArrayCodec.write(arrays));
    }

    @Test
    void anEmptyListIsNoPayload() {
        assertThatThrownBy(() -> ArrayCodec.write(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a payload holds at least one array");
        assertThatThrownBy(() -> ArrayCodec.read(new byte[0]))
                .isInstanceOf(ArrayFormatException.class)
                .hasMessage("array payload at byte 0: empty payload: a payload holds at least one block");
    }

    @Test
    void unknownHeaderKeysAreIgnoredForLaterVersions() throws Exception {
        byte[] payload = block(
                "{\"name\":\"x\",\"dtype\":\"i32\",\"shape\":[1],\"unit\":\"m\",\"later\":{\"a\":1}}",
                new byte[] {5, 0, 0, 0, 0, 0, 0, 0});
        assertThat(ArrayCodec.read(payload)).containsExactly(NdArray.ofInts("x", new long[] {1}, "m", new int[] {5}));
        byte[] withoutUnit = block("{\"name\":\"x\",\"dtype\":\"i32\",\"shape\":[1]}", new byte[8]);
        assertThat(ArrayCodec.read(withoutUnit).getFirst().unit()).isNull();
    }

    @Test
    void refusalsNameTheOffsetAndTheProblem() {
        byte[] good = ArrayCodec.write(List.of(NdArray.ofInts("i", new long[] {2}, null, new int[] {1, 2})));
        int headerLength =
                ByteBuffer.wrap(good, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();

        byte[] badMagic = good.clone();
        badMagic[3] = '2';
        assertRefused(badMagic, 0, "expected the block magic OTA1 (4f544131), found 4f544132");

        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertRefused(trailing, good.length, "expected the block magic OTA1");

        assertRefused(Arrays.copyOf(good, 6), 6, "the payload ends inside the header length (2 of 4 bytes)");
        assertRefused(
                Arrays.copyOf(good, good.length - 2),
                good.length - 2,
                "the payload ends inside the data of array 'i' (6 of 8 bytes)");

        byte[] longHeader = good.clone();
        ByteBuffer.wrap(longHeader, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1);
        assertRefused(longHeader, 4, "header length 4294967295 is more than 65536");

        byte[] unaligned = good.clone();
        ByteBuffer.wrap(unaligned, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(headerLength - 1);
        assertRefused(unaligned, 4, "is not a positive multiple of 8");

        byte[] dirtyPadding = ArrayCodec.write(List.of(NdArray.of("b", DType.U8, new long[] {1}, null, new byte[1])));
        dirtyPadding[dirtyPadding.length - 2] = 1;
        assertRefused(dirtyPadding, dirtyPadding.length - 2, "padding byte after the data is not zero");
    }

    @Test
    void headerRefusals() {
        assertRefused(block("not json", new byte[0]), 8, "header is not JSON");
        assertRefused(block("[1,2]", new byte[0]), 8, "header is not a JSON object");
        assertRefused(block("{\"dtype\":\"u8\",\"shape\":[]}", new byte[8]), 8, "no \"name\" string");
        assertRefused(block("{\"name\":\"a\",\"shape\":[]}", new byte[8]), 8, "no \"dtype\" string");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"f16\",\"shape\":[]}", new byte[8]),
                8,
                "header dtype \"f16\" is not one of f32, f64, i8, u8, i16, u16, i32, u32, i64");
        assertRefused(block("{\"name\":\"a\",\"dtype\":\"u8\"}", new byte[8]), 8, "no \"shape\" array");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[1,1,1,1,1,1,1,1,1]}", new byte[8]),
                8,
                "header shape has rank 9, more than 8");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[1.5]}", new byte[8]),
                8,
                "header shape[0] is 1.5, not a whole number >= 0");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[-1]}", new byte[8]), 8, "header shape[0] is -1");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[99999999999999999999]}", new byte[8]),
                8,
                "header shape[0] is 99999999999999999999");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[65536,65536]}", new byte[8]),
                8,
                "more than 2147483647 elements");
        assertRefused(
                block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[],\"unit\":3}", new byte[8]),
                8,
                "header \"unit\" is neither a string nor null");
        assertRefused(
                block("{\"name\":\"a\",\"name\":\"b\",\"dtype\":\"u8\",\"shape\":[]}", new byte[8]),
                8,
                "header is not JSON: Duplicate field 'name'");
        assertRefused(block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[]} {}", new byte[8]), 8, "not JSON");
        byte[] latin1 = block("{\"name\":\"a\",\"dtype\":\"u8\",\"shape\":[]}", new byte[8]);
        latin1[8 + 10] = (byte) 0xe9;
        assertRefused(latin1, 8, "header is not UTF-8");
    }

    @Test
    void aDeclaredSizeBeyondTheReceivedBytesAllocatesOnlyWhatArrives() {
        // 2^31 - 1000 bytes declared, 8 received: the refusal must come without a 2 GiB allocation
        // (the fuzz test checks the allocation itself).
        byte[] payload = block("{\"name\":\"big\",\"dtype\":\"u8\",\"shape\":[2147482648]}", new byte[8]);
        assertRefused(
                payload, payload.length, "the payload ends inside the data of array 'big' (8 of 2147482648 bytes)");
        byte[] f64 = block("{\"name\":\"big\",\"dtype\":\"f64\",\"shape\":[2147483647]}", new byte[8]);
        assertRefused(f64, 8, "more than this reader holds");
    }

    @Test
    void streamFailuresPassThroughAsThemselves() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> ArrayCodec.read(failing))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    static void assertRefused(byte[] payload, long offset, String problem) {
        assertThatThrownBy(() -> ArrayCodec.read(payload)).isInstanceOfSatisfying(ArrayFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.problem()).contains(problem);
            assertThat(e.getMessage()).startsWith("array payload at byte " + offset + ": ");
        });
    }

    /** One hand-made block: the header text padded to a multiple of 8, then {@code data} as is. */
    static byte[] block(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int length = (json.length + 7) / 8 * 8;
        ByteBuffer block = ByteBuffer.allocate(8 + length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        block.put("OTA1".getBytes(StandardCharsets.US_ASCII)).putInt(length).put(json);
        for (int i = json.length; i < length; i++) {
            block.put((byte) ' ');
        }
        block.put(data);
        return block.array();
    }
}
