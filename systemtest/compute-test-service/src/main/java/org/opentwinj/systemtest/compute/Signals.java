package org.opentwinj.systemtest.compute;

import java.util.List;
import org.opentwinj.platform.arrays.ArrayCodec;
import org.opentwinj.platform.arrays.ArrayFormatException;
import org.opentwinj.platform.arrays.DType;
import org.opentwinj.platform.arrays.NdArray;
import org.opentwinj.platform.error.PublicException;

/**
 * The numerics of the test service, pure: sampled sine signals, scaled and summed, and their
 * payload (one float32 array {@value #ARRAY} in volts, in the format of platform/arrays).
 */
public final class Signals {
    /** The name of the array in a signal's payload. */
    public static final String ARRAY = "samples";

    public static final String UNIT = "V";

    private Signals() {}

    /**
     * One second of {@code amplitude * sin(2 pi frequency t)} in {@code samples} steps, shaped
     * by the window, optionally scaled to a peak of 1, followed by the {@code extra} samples.
     */
    public static float[] make(
            double amplitude, double frequency, int samples, String window, boolean normalise, double[] extra) {
        float[] values = new float[samples + extra.length];
        double peak = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / samples;
            double value = amplitude * Math.sin(2 * Math.PI * frequency * t) * window(window, i, samples);
            values[i] = (float) value;
            peak = Math.max(peak, Math.abs(value));
        }
        if (normalise && peak > 0) {
            for (int i = 0; i < samples; i++) {
                values[i] = (float) (values[i] / peak);
            }
        }
        for (int i = 0; i < extra.length; i++) {
            values[samples + i] = (float) extra[i];
        }
        return values;
    }

    static double window(String window, int i, int samples) {
        return switch (window) {
            case "rectangular" -> 1.0;
            case "hann" -> 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (samples - 1));
            default -> throw new IllegalArgumentException("unknown window " + window);
        };
    }

    public static float[] scale(float[] signal, double factor) {
        float[] scaled = new float[signal.length];
        for (int i = 0; i < signal.length; i++) {
            scaled[i] = (float) (signal[i] * factor);
        }
        return scaled;
    }

    /**
     * The sample-by-sample sum.
     *
     * @throws PublicException when the signals differ in length
     */
    public static float[] sum(List<float[]> signals) {
        float[] sum = new float[signals.getFirst().length];
        for (float[] signal : signals) {
            if (signal.length != sum.length) {
                throw new PublicException("signals of " + sum.length + " and " + signal.length
                        + " samples cannot be summed: they must have as many samples");
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += signal[i];
            }
        }
        return sum;
    }

    public static byte[] encode(float[] samples) {
        return ArrayCodec.write(List.of(NdArray.ofFloats(ARRAY, new long[] {samples.length}, UNIT, samples)));
    }

    /**
     * The samples of a signal's payload.
     *
     * @throws PublicException when the payload is not a signal (another kind of entity was named)
     */
    public static float[] decode(byte[] payload, String entity) {
        try {
            for (NdArray array : ArrayCodec.read(payload)) {
                if (array.name().equals(ARRAY) && array.dtype() == DType.F32 && array.rank() == 1) {
                    return array.floats();
                }
            }
            throw new PublicException(
                    "entity " + entity + " holds no float32 array '" + ARRAY + "': it is not a signal");
        } catch (ArrayFormatException e) {
            throw new PublicException("entity " + entity + " is not a signal: " + e.getMessage());
        }
    }
}
