package org.opentwinj.platform.arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes: a reader gives back arrays or an {@link ArrayFormatException}, never
 * another exception, and never allocates far beyond the bytes it was given. Seeded, so a failure
 * names a seed that reproduces it.
 */
class ArrayCodecFuzzTest {

    /** Far above what reading a few KiB needs (JSON parsing included), far below a declared size. */
    private static final long ALLOCATION_BOUND = 8L * 1024 * 1024;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void randomBytesAreRefusedCleanly() {
        Random random = new Random(14);
        for (int run = 0; run < 1_500; run++) {
            byte[] bytes = new byte[random.nextInt(256)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length >= 4) {
                bytes[0] = 'O';
                bytes[1] = 'T';
                bytes[2] = 'A';
                bytes[3] = '1';
            }
            readOrRefuse(bytes, "random run " + run);
        }
    }

    @Test
    void mutatedPayloadsAreReadOrRefusedCleanly() {
        byte[] valid = ArrayCodec.write(List.of(
                NdArray.ofFloats("vertices", new long[] {4, 3}, "mm", new float[12]),
                NdArray.ofInts("triangles", new long[] {2, 3}, null, new int[] {0, 1, 2, 2, 3, 0}),
                NdArray.of("flags", DType.U8, new long[] {3}, null, new byte[] {1, 0, 1})));
        Random random = new Random(4);
        for (int run = 0; run < 2_500; run++) {
            byte[] mutated = mutate(valid, random);
            readOrRefuse(mutated, "mutation run " + run);
        }
    }

    @Test
    void hugeDeclaredSizesDoNotAllocateThem() {
        Random random = new Random(31);
        byte[] valid = ArrayCodec.write(List.of(NdArray.ofDoubles("d", new long[] {4}, null, new double[4])));
        for (int run = 0; run < 500; run++) {
            String dtype = DType.values()[random.nextInt(DType.values().length)].wireName();
            long extent = 1 + (random.nextLong() >>> 33); // up to 2^31 - 1
            byte[] header = ArrayCodecTest.block(
                    "{\"name\":\"h\",\"dtype\":\"" + dtype + "\",\"shape\":[" + extent + "]}",
                    Arrays.copyOf(valid, random.nextInt(valid.length)));
            readOrRefuse(header, "huge run " + run + " (" + dtype + "[" + extent + "])");
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                int at = random.nextInt(bytes.length);
                byte[] longer = new byte[bytes.length + 1 + random.nextInt(16)];
                System.arraycopy(bytes, 0, longer, 0, at);
                random.nextBytes(Arrays.copyOfRange(longer, at, longer.length - (bytes.length - at)));
                System.arraycopy(bytes, at, longer, longer.length - (bytes.length - at), bytes.length - at);
                bytes = longer;
            }
            case 3 ->
                ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(random.nextInt());
            default -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static void readOrRefuse(byte[] bytes, String what) {
        long threadId = Thread.currentThread().threadId();
        for (boolean stream : new boolean[] {false, true}) {
            long before = THREADS.getThreadAllocatedBytes(threadId);
            try {
                List<NdArray> arrays =
                        stream ? ArrayCodec.read(new ByteArrayInputStream(bytes)) : ArrayCodec.read(bytes);
                // What reads back writes back to the same bytes, unless the header had extra
                // spaces or keys: at least it must write.
                assertThat(ArrayCodec.write(arrays)).isNotEmpty();
            } catch (ArrayFormatException e) {
                assertThat(e.offset()).as(what).isBetween(0L, (long) bytes.length);
            } catch (RuntimeException e) {
                fail(what + " threw " + e + " for " + Arrays.toString(bytes), e);
            } catch (Exception e) {
                fail(what + " threw " + e, e);
            }
            long allocated = THREADS.getThreadAllocatedBytes(threadId) - before;
            assertThat(allocated)
                    .as(what + " allocated " + allocated + " bytes for a " + bytes.length + "-byte payload")
                    .isLessThan(ALLOCATION_BOUND);
        }
    }
}
