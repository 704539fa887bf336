package org.opentwinj.cli;

import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;

/** A service that is not part of the distribution, found only through a META-INF/services entry. */
public final class ExtraTestService implements ServiceDefinition {
    @Override
    public String name() {
        return "extra-test";
    }

    @Override
    public String description() {
        return "a service of the tests";
    }

    @Override
    public void start(ServiceContext context) {}
}
