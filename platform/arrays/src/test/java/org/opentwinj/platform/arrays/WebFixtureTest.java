package org.opentwinj.platform.arrays;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture the web client's {@code arrays.test.ts} reads is what this codec writes, so the
 * two readers are held to the same bytes. After a deliberate change of the fixture's arrays,
 * write it again with {@code -Darrays.writeFixture=true} and commit it.
 */
class WebFixtureTest {
    static final Path FIXTURE = Path.of("../../clients/web/src/lib/fixtures/arrays.ota");

    /** Every dtype, a scalar, an empty array, odd sizes that need padding, units with non-ASCII. */
    static List<NdArray> fixtureArrays() {
        return List.of(
                NdArray.ofFloats(
                        "vertices", new long[] {4, 3}, "mm", new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.5f}),
                NdArray.ofInts("triangles", new long[] {2, 3}, null, new int[] {0, 1, 2, 0, 2, 3}),
                NdArray.ofDoubles("field \"E\"", new long[] {2, 2}, "V/m", new double[] {-1.25, 0, 1e-300, 6.02e23}),
                NdArray.of("flags", DType.U8, new long[] {5}, null, new byte[] {1, 0, 1, (byte) 255, 7}),
                NdArray.of("deltas", DType.I8, new long[] {3}, null, new byte[] {-128, 0, 127}),
                NdArray.of(
                        "levels", DType.I16, new long[] {3}, "µm", new byte[] {1, 0, (byte) 0xff, (byte) 0xff, 0, -128
                        }),
                NdArray.of("counts", DType.U16, new long[] {1}, null, new byte[] {(byte) 0xff, (byte) 0xff}),
                NdArray.of("ids", DType.U32, new long[] {1}, null, new byte[] {
                    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
                }),
                NdArray.ofLongs("ticks", new long[] {2}, "ns", new long[] {-2, 1L << 53}),
                NdArray.ofDoubles("resistance", new long[0], "Ω", new double[] {50}),
                NdArray.ofFloats("none", new long[] {0, 3}, null, new float[0]));
    }

    @Test
    void theCommittedFixtureIsWhatTheCodecWrites() throws Exception {
        byte[] written = ArrayCodec.write(fixtureArrays());
        if (Boolean.getBoolean("arrays.writeFixture")) {
            Files.createDirectories(FIXTURE.getParent());
            Files.write(FIXTURE, written);
        }
        assertThat(FIXTURE).exists();
        assertThat(Files.readAllBytes(FIXTURE)).isEqualTo(written);
        assertThat(ArrayCodec.read(Files.readAllBytes(FIXTURE))).containsExactlyElementsOf(fixtureArrays());
    }
}
