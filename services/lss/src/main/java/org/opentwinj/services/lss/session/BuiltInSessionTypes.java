package org.opentwinj.services.lss.session;

/**
 * The platform's session types, defined once: the LSS's default {@code --session-types}, the
 * table in docs/sessions.md and the tests read this class.
 *
 * <ul>
 *   <li>{@code default}: the Model and the echo service, both started at open;
 *   <li>{@code model}: the Model alone;
 *   <li>{@code on-demand}: the Model at open, echo on demand (the first message for it starts
 *       it; it stops again once idle): the shape of every compute session;
 *   <li>{@code echo3}: three echo services (tests and benchmarks).
 * </ul>
 *
 * <p><b>Where the compute services go.</b> Modeling, Visualization, TetMesh, CartesianMesh,
 * FITTD, Kriging and PHREEC do not exist yet. Each issue that adds one adds it here, on
 * demand, to the types of the design (docs/sessions.md, "Session types"):
 * {@code 3d-simulation=model,modeling?,visualization?,tet-mesh?,cartesian-mesh?,fittd?,phreec?}
 * and {@code data=model,kriging?,visualization?}, defining the type with its first service.
 * A type must name only services that exist: a session of it would fail at its first start.
 */
public final class BuiltInSessionTypes {
    /** The types, in the {@code --session-types} syntax ({@link SessionTypes#parse}). */
    public static final String DEFINITION =
            "default=model,echo;model=model;on-demand=model,echo?;echo3=echo-1:echo,echo-2:echo,echo-3:echo";

    private BuiltInSessionTypes() {}

    /** The types parsed. */
    public static SessionTypes types() {
        return SessionTypes.parse(DEFINITION);
    }
}
