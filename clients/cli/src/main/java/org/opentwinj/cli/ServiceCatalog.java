package org.opentwinj.cli;

import java.util.List;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.services.auth.AuthorizationService;
import org.opentwinj.services.database.DatabaseService;
import org.opentwinj.services.echo.EchoService;
import org.opentwinj.services.gss.GlobalSessionService;
import org.opentwinj.services.lss.LocalSessionService;
import org.opentwinj.services.model.ModelService;
import org.opentwinj.services.web.WebService;
import org.opentwinj.services.relay.RelayService;
import org.opentwinj.services.logger.LoggerService;

/** The services this distribution can run, wired by hand (no classpath scanning). */
final class ServiceCatalog {
    private ServiceCatalog() {}

    static List<ServiceDefinition> all() {
        return List.of(new DatabaseService(), new LoggerService(), new AuthorizationService(), new GlobalSessionService(),
                new LocalSessionService(), new RelayService(), new ModelService(), new WebService(), new EchoService());
    }
}
