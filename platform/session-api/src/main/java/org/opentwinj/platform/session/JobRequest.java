package org.opentwinj.platform.session;

/**
 * {@code Job.Get} and {@code Job.Cancel}: one job of the session.
 *
 * @param job the job's id
 */
public record JobRequest(String job) {}
