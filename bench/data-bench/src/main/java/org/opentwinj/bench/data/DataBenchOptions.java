package org.opentwinj.bench.data;

import java.nio.file.Path;
import java.util.List;
import org.opentwinj.bench.support.Flags;

/**
 * What one run does.
 *
 * @param megabytes the payload's size in MiB (float32 elements, one OTA1 block)
 * @param rounds    timed fetches per path (after one untimed fetch each, checked byte for byte)
 * @param nginx     the nginx binary
 * @param out       where the report also goes, or null
 */
record DataBenchOptions(int megabytes, int rounds, Path nginx, Path out) {
    static final DataBenchOptions DEFAULTS = new DataBenchOptions(100, 5, Path.of("/usr/sbin/nginx"), null);
    /** What {@code --quick} runs (and the unit test): small enough for seconds, large enough to stream. */
    static final int QUICK_MEGABYTES = 8;

    static final int QUICK_ROUNDS = 2;

    DataBenchOptions {
        if (megabytes < 1 || megabytes > 1024 || rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("need 1 <= --megabytes <= 1024 and 1 <= --rounds <= 100");
        }
    }

    /** Parses {@code --quick --megabytes N --rounds N --nginx PATH --out FILE}. */
    static DataBenchOptions parse(List<String> args) {
        int megabytes = DEFAULTS.megabytes;
        int rounds = DEFAULTS.rounds;
        Path nginx = DEFAULTS.nginx;
        Path out = null;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            switch (flags.next()) {
                case "--quick" -> {
                    megabytes = QUICK_MEGABYTES;
                    rounds = QUICK_ROUNDS;
                }
                case "--megabytes" -> megabytes = flags.integer();
                case "--rounds" -> rounds = flags.integer();
                case "--nginx" -> nginx = Path.of(flags.value());
                case "--out" -> out = Path.of(flags.value());
                default -> throw flags.unknown();
            }
        }
        return new DataBenchOptions(megabytes, rounds, nginx, out);
    }
}
