package org.opentwinj.platform.spawner;

import java.util.List;

/**
 * The part of launching a session service that depends on where it runs, one per spawner:
 * where the service listens, and how its private files reach it. Everything else is the LSS
 * core's policy, decided once for every backend: the service's certificate (subject,
 * validity, usages; issued for the {@link #hostNames} this backend names), its flags and its
 * environment.
 *
 * <p>Methods are called from several threads at once, for different services.
 *
 * @param <R> the kind of request its spawner runs
 */
public interface LaunchBackend<R extends SpawnRequest> {
    /**
     * Chooses where a service listens; called once per service, before its first start. The
     * LSS keeps the endpoint across the service's restarts and its own (see {@link #reserve}),
     * so routes to the service stay valid.
     *
     * @throws org.opentwinj.platform.error.PublicException 503 when no place is free (every
     *     port of a range is taken); the session then fails with its message
     */
    Endpoint place(String session, String service);

    /** Marks an endpoint taken again, for a service found running after an LSS restart. Must not throw. */
    void reserve(Endpoint endpoint);

    /** The address every service of this backend binds (its {@code --bind}). */
    String bindAddress();

    /**
     * Every name the service is dialled by: its certificate covers these and no others.
     *
     * @param endpoint what {@link #place} chose for it
     */
    List<String> hostNames(String session, String service, Endpoint endpoint);

    /**
     * The directory, as the service sees it, where it finds the private files of
     * {@link ServiceLaunch#files()} under their names.
     */
    String filesDirectory(String session, String service);

    /**
     * The spawner's request for a launch; called before every start. Delivers the launch's
     * files to {@link #filesDirectory}: writes them there (processes), or puts them in the
     * request for the spawner to mount (pods).
     *
     * @throws SpawnException when the files cannot be delivered
     */
    R request(ServiceLaunch launch);

    /**
     * Frees what {@link #place} and {@link #request} took (a port, files on disk); called once
     * the service has stopped for good. Must not throw.
     *
     * @param endpoint what {@link #place} chose for it; null when it was never placed
     */
    void release(String session, String service, Endpoint endpoint);
}
