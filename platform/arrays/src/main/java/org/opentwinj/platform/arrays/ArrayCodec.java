package org.opentwinj.platform.arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes arrays as an OTA1 payload and reads them back. The format, fixed (the web client's
 * {@code arrays.ts}, compute services and the Model rely on it; docs/arrays.md):
 *
 * <pre>
 * payload = block+                       (blocks back to back, nothing between or after)
 * block   = "OTA1"                       4 bytes, ASCII
 *           H                            uint32 little-endian, the header's length in bytes
 *           header                       H bytes of UTF-8 JSON, an object:
 *                                        {"name":"...","dtype":"f32","shape":[2,3],"unit":"mm"|null}
 *                                        padded with spaces so H is a multiple of 8 (the data
 *                                        then starts 8-aligned from the block's start)
 *           data                         prod(shape) elements, little-endian, C order
 *           padding                      zero bytes up to a multiple of 8
 * </pre>
 *
 * Limits: rank at most {@value #MAX_RANK}, fewer than 2^31 elements per block, H at most
 * {@value #MAX_HEADER_BYTES}. Readers ignore header keys they do not know (so a later version
 * may add some) and refuse everything else that is off with an {@link ArrayFormatException} that
 * names the byte offset; a reader never allocates more than the bytes it has actually received.
 */
public final class ArrayCodec {

    /** The most dimensions an array has. */
    public static final int MAX_RANK = 8;
    /** The most elements in one block: fewer than 2^31. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /** The most bytes of a block's header (H). */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The media type the data path serves payloads with. */
    public static final String MEDIA_TYPE = "application/vnd.opentwin.arrays";

    private static final byte[] MAGIC = {'O', 'T', 'A', '1'};
    private static final int ALIGNMENT = 8;
    private static final ObjectMapper HEADER_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ArrayCodec() {}

    /** The payload of {@code arrays}, in their order. */
    public static byte[] write(List<NdArray> arrays) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream((int) Math.min(encodedSize(arrays), NdArray.MAX_DATA_BYTES));
        try {
            write(arrays, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the payload of {@code arrays} to {@code out} (not closed, not flushed).
     *
     * @throws IllegalArgumentException if {@code arrays} is empty (a payload has at least one block)
     * @throws IOException              as {@code out} throws it
     */
    public static void write(List<NdArray> arrays, OutputStream out) throws IOException {
        requireBlocks(arrays);
        byte[] padding = new byte[ALIGNMENT];
        for (NdArray array : arrays) {
            byte[] header = array.rawHeader();
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(header.length)
                    .array());
            out.write(header);
            out.write(array.rawData());
            out.write(padding, 0, paddingAfter(array.rawData().length));
        }
    }

    /** How many bytes {@link #write(List)} produces for {@code arrays}: a data path's Content-Length. */
    public static long encodedSize(List<NdArray> arrays) {
        requireBlocks(arrays);
        long size = 0;
        for (NdArray array : arrays) {
            int dataBytes = array.rawData().length;
            size += MAGIC.length + 4 + array.rawHeader().length + dataBytes + paddingAfter(dataBytes);
        }
        return size;
    }

    /** The arrays of a whole payload. */
    public static List<NdArray> read(byte[] payload) throws ArrayFormatException {
        try {
            return read(new ByteArrayInputStream(payload));
        } catch (ArrayFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
    }

    /**
     * The arrays of the payload that {@code in} holds up to its end (not closed).
     *
     * @throws ArrayFormatException if the bytes are not a well-formed payload
     * @throws IOException          as {@code in} throws it
     */
    public static List<NdArray> read(InputStream in) throws IOException, ArrayFormatException {
        BlockReader reader = new BlockReader(in);
        List<NdArray> arrays = new ArrayList<>();
        while (true) {
            NdArray array = reader.next(arrays.isEmpty());
            if (array == null) {
                return List.copyOf(arrays);
            }
            arrays.add(array);
        }
    }

    /** The header of one block: JSON, then spaces up to a multiple of 8 bytes. */
    static byte[] encodeHeader(String name, DType dtype, long[] shape, String unit) {
        ObjectNode header = HEADER_JSON.createObjectNode();
        header.put("name", name);
        header.put("dtype", dtype.wireName());
        ArrayNode extents = header.putArray("shape");
        for (long extent : shape) {
            extents.add(extent);
        }
        if (unit == null) {
            header.putNull("unit");
        } else {
            header.put("unit", unit);
        }
        byte[] json;
        try {
            json = HEADER_JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree of strings and numbers always serialises", e);
        }
        int padded = json.length + paddingAfter(json.length);
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header of array '" + abbreviate(name) + "' is " + padded
                    + " bytes, more than " + MAX_HEADER_BYTES + " (name or unit too long)");
        }
        byte[] header8 = Arrays.copyOf(json, padded);
        Arrays.fill(header8, json.length, padded, (byte) ' ');
        return header8;
    }

    static int paddingAfter(long length) {
        return (int) ((ALIGNMENT - length % ALIGNMENT) % ALIGNMENT);
    }

    private static void requireBlocks(List<NdArray> arrays) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("a payload holds at least one array");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Reads blocks one after the other, counting bytes so every refusal names its offset. */
    private static final class BlockReader {
        private final InputStream in;
        private long offset;

        BlockReader(InputStream in) {
            this.in = in;
        }

        /** The next block, or null at the end of the payload (not allowed before the first block). */
        NdArray next(boolean first) throws IOException, ArrayFormatException {
            long blockStart = offset;
            byte[] magic = in.readNBytes(MAGIC.length);
            if (magic.length == 0) {
                if (first) {
                    throw new ArrayFormatException(offset, "empty payload: a payload holds at least one block");
                }
                return null;
            }
            if (magic.length < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
                throw new ArrayFormatException(
                        offset,
                        "expected the block magic OTA1 (4f544131), found "
                                + HexFormat.of().formatHex(magic)
                                + (magic.length < MAGIC.length ? " and the end of the payload" : ""));
            }
            offset += MAGIC.length;
            long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(exactly(4, "the header length"))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getInt());
            if (headerLength > MAX_HEADER_BYTES) {
                throw new ArrayFormatException(
                        offset - 4, "header length " + headerLength + " is more than " + MAX_HEADER_BYTES);
            }
            if (headerLength % ALIGNMENT != 0 || headerLength == 0) {
                throw new ArrayFormatException(
                        offset - 4,
                        "header length " + headerLength + " is not a positive multiple of 8 (the data must start"
                                + " 8-aligned)");
            }
            long headerStart = offset;
            Header header = parseHeader(exactly((int) headerLength, "the header"), headerStart);
            long dataBytes = header.count * header.dtype.byteSize();
            if (dataBytes > NdArray.MAX_DATA_BYTES) {
                throw new ArrayFormatException(
                        headerStart,
                        "array '" + abbreviate(header.name) + "' has " + dataBytes + " bytes of data, more than this"
                                + " reader holds (" + NdArray.MAX_DATA_BYTES + ")");
            }
            byte[] data = exactly((int) dataBytes, "the data of array '" + abbreviate(header.name) + "'");
            long paddingStart = offset;
            byte[] padding = exactly(paddingAfter(dataBytes), "the padding after the data");
            for (int i = 0; i < padding.length; i++) {
                if (padding[i] != 0) {
                    throw new ArrayFormatException(paddingStart + i, "padding byte after the data is not zero");
                }
            }
            try {
                return NdArray.adopt(header.name, header.dtype, header.shape, header.unit, data);
            } catch (IllegalArgumentException e) {
                throw new ArrayFormatException(blockStart, e.getMessage(), e);
            }
        }

        private byte[] exactly(int length, String what) throws IOException, ArrayFormatException {
            // readNBytes grows its buffer with the bytes that actually arrive, so a length read
            // from corrupt bytes never allocates more than the payload has.
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new ArrayFormatException(
                        offset + bytes.length,
                        "the payload ends inside " + what + " (" + bytes.length + " of " + length + " bytes)");
            }
            offset += length;
            return bytes;
        }

        private static Header parseHeader(byte[] bytes, long at) throws ArrayFormatException {
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ArrayFormatException(at, "header is not UTF-8", e);
            }
            JsonNode json;
            try {
                json = HEADER_JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ArrayFormatException(at, "header is not JSON: " + e.getOriginalMessage(), e);
            }
            if (json == null || !json.isObject()) {
                throw new ArrayFormatException(at, "header is not a JSON object");
            }
            JsonNode name = json.get("name");
            if (name == null || !name.isTextual()) {
                throw new ArrayFormatException(at, "header has no \"name\" string");
            }
            JsonNode dtypeNode = json.get("dtype");
            if (dtypeNode == null || !dtypeNode.isTextual()) {
                throw new ArrayFormatException(at, "header has no \"dtype\" string");
            }
            DType dtype = DType.fromWireName(dtypeNode.textValue())
                    .orElseThrow(() -> new ArrayFormatException(
                            at,
                            "header dtype \"" + abbreviate(dtypeNode.textValue()) + "\" is not one of "
                                    + DType.wireNames()));
            JsonNode shapeNode = json.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) {
                throw new ArrayFormatException(at, "header has no \"shape\" array");
            }
            if (shapeNode.size() > MAX_RANK) {
                throw new ArrayFormatException(
                        at, "header shape has rank " + shapeNode.size() + ", more than " + MAX_RANK);
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode extent = shapeNode.get(i);
                if (!extent.isIntegralNumber() || !extent.canConvertToLong() || extent.longValue() < 0) {
                    throw new ArrayFormatException(
                            at,
                            "header shape[" + i + "] is " + abbreviate(extent.toString())
                                    + ", not a whole number >= 0");
                }
                shape[i] = extent.longValue();
            }
            long count;
            try {
                count = NdArray.elementCount(shape);
            } catch (IllegalArgumentException e) {
                throw new ArrayFormatException(at, "header " + e.getMessage(), e);
            }
            JsonNode unit = json.get("unit");
            if (unit != null && !unit.isNull() && !unit.isTextual()) {
                throw new ArrayFormatException(at, "header \"unit\" is neither a string nor null");
            }
            return new Header(
                    name.textValue(), dtype, shape, unit == null || unit.isNull() ? null : unit.textValue(), count);
        }
    }

    private record Header(String name, DType dtype, long[] shape, String unit, long count) {}
}
