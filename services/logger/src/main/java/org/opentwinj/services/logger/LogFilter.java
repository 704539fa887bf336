package org.opentwinj.services.logger;

/**
 * Which records a reader wants; null fields match everything.
 *
 * @param session     only this session
 * @param user        only this user
 * @param service     only this service
 * @param minSeverity only this severity and above (see {@link Levels})
 */
record LogFilter(String session, String user, String service, int minSeverity) {
    boolean matches(LogRecord record) {
        return (session == null || session.equals(record.session()))
                && (user == null || user.equals(record.user()))
                && (service == null || service.equals(record.service()))
                && record.severity() >= minSeverity;
    }
}
