package org.opentwinj.platform.arrays;

/**
 * A payload that is not a well-formed sequence of OTA1 blocks: the message says where (the byte
 * offset from the start of the payload) and what is wrong, so a reader of a corrupt or truncated
 * result can tell the user more than "bad data". The only exception {@link ArrayCodec}'s readers
 * throw for bad bytes (an {@link java.io.IOException} of the stream itself passes through as is).
 */
public final class ArrayFormatException extends Exception {

    private final long offset;
    private final String problem;

    public ArrayFormatException(long offset, String problem) {
        super("array payload at byte " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
    }

    public ArrayFormatException(long offset, String problem, Throwable cause) {
        super("array payload at byte " + offset + ": " + problem, cause);
        this.offset = offset;
        this.problem = problem;
    }

    /** Where the problem is: bytes from the start of the payload. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String problem() {
        return problem;
    }
}
