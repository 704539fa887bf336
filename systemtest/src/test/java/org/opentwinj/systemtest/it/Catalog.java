package org.opentwinj.systemtest.it;

import java.util.List;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.services.echo.EchoService;

/** The services of the distribution, for in-process CLI calls in tests. */
final class Catalog {
    private Catalog() {}

    static List<ServiceDefinition> services() {
        return List.of(new EchoService());
    }
}
