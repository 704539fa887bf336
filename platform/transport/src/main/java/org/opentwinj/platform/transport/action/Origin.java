package org.opentwinj.platform.transport.action;

/**
 * Where a request came from, as the server saw it.
 *
 * @param peer          subject of the verified client certificate (mTLS channels), or null
 * @param bearerToken   the token of an {@code Authorization: Bearer} header, or null
 * @param remoteAddress the client's network address, or null when unknown
 */
public record Origin(String peer, String bearerToken, String remoteAddress) {}
