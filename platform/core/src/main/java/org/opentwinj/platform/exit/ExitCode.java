package org.opentwinj.platform.exit;

/**
 * Every exit code an OpenTwin/J process can end with. This enum is the single source of
 * truth: the README's table is checked against it by a test, and only the launcher turns
 * a code into {@code System.exit}.
 */
public enum ExitCode {
    OK(0, "clean stop, also after SIGTERM or Ctrl-C (in-flight requests finish first)"),
    INTERNAL_ERROR(1, "unexpected internal error; the log line carries an error id and the cause chain"),
    INVALID_CONFIGURATION(2, "invalid command line, environment variable, value or input file"),
    OUT_OF_MEMORY(3, "the JVM ran out of memory (set by -XX:+ExitOnOutOfMemoryError, not by our code)"),
    PORT_IN_USE(4, "the address or port to bind is taken or not available"),
    CERTIFICATE_ERROR(5, "a certificate, key or CA is missing, unreadable, expired, or refused"),
    DATABASE_UNREACHABLE(6, "the database given by --database-url cannot be reached"),
    PEER_UNREACHABLE(7, "a required peer service (GSS, AUTH, ...) cannot be reached"),
    REQUEST_REFUSED(
            8,
            "a client command was refused (wrong password, no rights, not found, already open) or its session failed; the message says why"),
    LSS_GONE(
            9,
            "a session service stopped by itself: its LSS did not answer for the grace period (--stop-without-lss-ms)"),
    JOB_FAILED(
            10,
            "a job that a client command followed (opentwin do, jobs show --follow) FAILED; the message gives its reason"),
    JOB_CANCELLED(
            11,
            "a job that a client command followed (opentwin do, jobs show --follow) was CANCELLED; the message says why and whether partial results were kept");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
