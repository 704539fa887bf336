package org.opentwinj.services.database;

import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The embedded database's storage in a process of its own, for a test that kills it with
 * SIGKILL: opens the file given as the argument, serves it on a free port and prints the port.
 */
public final class KillableDatabase {
    private KillableDatabase() {}

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(DurableH2Backend.open(Path.of(args[0])));
        InetSocketAddress address = server.bind();
        System.out.println("port " + address.getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
