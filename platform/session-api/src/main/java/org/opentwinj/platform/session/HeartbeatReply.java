package org.opentwinj.platform.session;

import java.util.List;

/**
 * The GSS's answer to {@code Lss.Heartbeat}.
 *
 * @param drop sessions to stop now: those the GSS does not know, ended, or gave to another LSS
 */
public record HeartbeatReply(List<String> drop) {}
