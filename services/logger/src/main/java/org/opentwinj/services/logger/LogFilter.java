package org.opentwinj.services.logger;

/**
 * Which records a reader wants; null fields match everything.
 *
 * @param session     only this session
 * @param user        only this user
 * @param service     only this service
 * @param minSeverity only this severity and above (see {@link Levels})
 * @param job         only this job (of a compute service)
 */
record LogFilter(String session, String user, String service, int minSeverity, String job) {
    LogFilter(String session, String user, String service, int minSeverity) {
        this(session, user, service, minSeverity, null);
    }

    boolean matches(LogRecord record) {
        return (session == null || session.equals(record.session()))
                && (user == null || user.equals(record.user()))
                && (service == null || service.equals(record.service()))
                && (job == null || job.equals(record.job()))
                && record.severity() >= minSeverity;
    }
}
