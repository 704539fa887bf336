package org.opentwinj.platform.session;

import java.util.List;

/**
 * {@code Lss.Heartbeat}: the LSS is alive and runs these sessions.
 *
 * @param lss      the LSS's id
 * @param sessions the sessions it runs (not yet ended)
 */
public record HeartbeatRequest(String lss, List<String> sessions) {}
