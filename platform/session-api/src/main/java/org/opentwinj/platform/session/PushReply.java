package org.opentwinj.platform.session;

/**
 * The answer of {@code Relay.Push}.
 *
 * @param delivered how many clients of the session the relay (and its peers) gave the message to
 */
public record PushReply(int delivered) {}
