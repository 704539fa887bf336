package org.opentwinj.platform.transport.action;

/**
 * The code behind one action.
 *
 * @param <Q> the request type, usually a record; its components are the request's fields
 */
@FunctionalInterface
public interface ActionHandler<Q> {
    /**
     * Called once per request, on a virtual thread, possibly concurrently with other calls.
     *
     * @param request the validated request, never null
     * @param context who is calling and how
     * @return the result, serialised as the reply's {@code result}; may be null
     * @throws org.opentwinj.platform.error.PublicException for a refusal the caller may see
     *     (answered with its 4xx status and message)
     * @throws Exception anything else, answered with a 500 and an error id that is logged
     */
    Object handle(Q request, CallContext context) throws Exception;
}
