package org.opentwinj.platform.session;

import java.net.URI;
import java.util.List;

/**
 * {@code Lss.Register}: an LSS offers itself to the GSS (at start, and again whenever the GSS
 * has forgotten it).
 *
 * @param lss          the LSS's id (stable across its restarts)
 * @param url          where the GSS reaches it
 * @param capacity     the most sessions it runs
 * @param sessionTypes the session types it can start
 * @param sessions     the sessions it runs now (after a restart: those it reattached to)
 */
public record RegisterRequest(String lss, URI url, int capacity, List<String> sessionTypes, List<String> sessions) {}
