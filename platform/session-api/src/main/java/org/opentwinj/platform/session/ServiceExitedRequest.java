package org.opentwinj.platform.session;

/**
 * {@code Job.ServiceExited}: the LSS tells the session's Model service that a service exited
 * unexpectedly, so that its running and queued jobs are reported FAILED with the reason.
 *
 * @param service the service's name within the session
 * @param reason  why, as the session's events say it (e.g. "exited with code 137 (signal 9)")
 */
public record ServiceExitedRequest(String service, String reason) {}
