package org.opentwinj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.services.auth.AuthorizationService;
import org.opentwinj.services.database.DatabaseService;
import org.opentwinj.services.echo.EchoService;
import org.opentwinj.services.gss.GlobalSessionService;
import org.opentwinj.services.logger.LoggerService;
import org.opentwinj.services.lss.LocalSessionService;
import org.opentwinj.services.model.ModelService;
import org.opentwinj.services.relay.RelayService;
import org.opentwinj.services.web.WebService;

/**
 * The services this distribution can run, wired by hand (no classpath scanning). Besides its
 * own, it runs services that are not shipped (the tests' {@code compute-test}) when their jar is
 * on the class path ({@code OPEN_TWIN_EXTRA_CLASSPATH}, which the wrapper appends) and names
 * them in {@code META-INF/services/org.opentwinj.platform.launcher.ServiceDefinition}.
 */
final class ServiceCatalog {
    /** Every service's name, in the order {@code opentwin run --help} lists them. */
    static final List<String> NAMES =
            List.of("database", "logger", "auth", "gss", "lss", "relay", "model", "web", "echo");

    /** The platform's own services: started by {@code opentwin up} or a deployment, never for a session. */
    static final Set<String> PLATFORM = Set.of("database", "logger", "auth", "gss", "lss", "relay", "web");

    private ServiceCatalog() {}

    static List<ServiceDefinition> all() {
        List<ServiceDefinition> all = new ArrayList<>(
                NAMES.stream().map(name -> builtIn(name).orElseThrow()).toList());
        extras(Thread.currentThread().getContextClassLoader()).stream()
                .filter(extra -> !NAMES.contains(extra.name()))
                .forEach(all::add);
        return List.copyOf(all);
    }

    /** The services named in {@code META-INF/services} of the jars {@code loader} sees (none are shipped). */
    static List<ServiceDefinition> extras(ClassLoader loader) {
        return ServiceLoader.load(ServiceDefinition.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** A service by name: one of the distribution's, or else an extra one on the class path. */
    static Optional<ServiceDefinition> named(String name) {
        return builtIn(name)
                .or(() -> extras(Thread.currentThread().getContextClassLoader()).stream()
                        .filter(extra -> extra.name().equals(name))
                        .findFirst());
    }

    /**
     * The services a command line needs: for {@code run <service> ...} only that one, for
     * {@code run} alone (its help, a name it does not know) all, for every other command none.
     * A service's image leaves out the libraries only other services use (see
     * docs/containers.md), so a process must not create definitions it does not run: that
     * would load their classes and, through them, classes of jars the image does not have.
     */
    static List<ServiceDefinition> forArguments(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return List.of();
        }
        if (args.length >= 2 && args[1].equals("--pooled")) {
            return sessionServices();
        }
        return args.length >= 2 ? named(args[1]).map(List::of).orElseGet(ServiceCatalog::all) : all();
    }

    /**
     * The services a JVM of an LSS's warm pool may become ({@code run --pooled}): every one but
     * the platform's own, which no LSS starts (extra services on the class path included). The
     * lss image, where pooled JVMs run in a container, has the libraries of these and not of the
     * database.
     */
    static List<ServiceDefinition> sessionServices() {
        return all().stream()
                .filter(service -> !PLATFORM.contains(service.name()))
                .toList();
    }

    /** A service of the distribution by name; each class is named only in its own branch, so only the one created is loaded. */
    static Optional<ServiceDefinition> builtIn(String name) {
        return Optional.ofNullable(
                switch (name) {
                    case "database" -> new DatabaseService();
                    case "logger" -> new LoggerService();
                    case "auth" -> new AuthorizationService();
                    case "gss" -> new GlobalSessionService();
                    case "lss" -> new LocalSessionService();
                    case "relay" -> new RelayService();
                    case "model" -> new ModelService();
                    case "web" -> new WebService();
                    case "echo" -> new EchoService();
                    default -> null;
                });
    }
}
