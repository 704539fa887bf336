package org.opentwinj.bench.session;

/**
 * One measurement of the compute scenario.
 *
 * @param nanos   what was measured (open-to-ready, send-to-reply, the CLI process, a direct start), or -1 when it failed
 * @param failure why it failed, or null
 * @param load    the 1-minute load average when it ended, NaN when unknown
 * @param poolWarm warm JVMs in the LSS's pool when it began (-1: not read)
 */
record ComputeSample(long nanos, String failure, double load, int poolWarm) {
    static ComputeSample ok(long nanos, double load, int poolWarm) {
        return new ComputeSample(nanos, null, load, poolWarm);
    }

    static ComputeSample failed(String failure, double load, int poolWarm) {
        return new ComputeSample(-1, failure, load, poolWarm);
    }

    boolean succeeded() {
        return failure == null;
    }
}
