package org.opentwinj.services.gss.session;

import java.net.URI;
import org.opentwinj.platform.transport.action.OptionalField;

/**
 * One service of a session as its LSS last reported it.
 *
 * @param url   where it serves, once known
 * @param state STARTING, READY, RESTARTING, STOPPED or FAILED
 */
public record ServiceStatus(@OptionalField URI url, String state) {}
