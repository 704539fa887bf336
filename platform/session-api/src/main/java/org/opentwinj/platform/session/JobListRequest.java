package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Job.List}: the session's jobs, newest first.
 *
 * @param all     ended jobs too (by default only queued and running ones and those ended in the last hour)
 * @param service only this service's
 */
public record JobListRequest(
        @OptionalField Boolean all, @OptionalField String service) {}
