package org.opentwinj.cli.client;

import java.util.Map;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.SessionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opentwin projects ...}: the project catalog. Projects are named by their id. */
@Command(
        name = "projects",
        mixinStandardHelpOptions = true,
        description = "Lists and manages projects.",
        subcommands = {
            ProjectsCommand.ListProjects.class,
            ProjectsCommand.Create.class,
            ProjectsCommand.Templates.class,
            ProjectsCommand.Rename.class,
            ProjectsCommand.Delete.class,
            ProjectsCommand.Share.class,
            ProjectsCommand.Unshare.class,
            ProjectsCommand.Transfer.class
        })
public final class ProjectsCommand {
    @Command(name = "list", description = "Lists the projects you own or that are shared with your groups.")
    static final class ListProjects extends ClientCommand implements Runnable {
        ListProjects(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            table(call("Project.List", Map.of()), "id", "name", "owner", "access");
        }
    }

    @Command(name = "create", description = "Creates a project that you own, empty or from a template; prints its id.")
    static final class Create extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--template", description = "start from a template (see 'projects templates')")
        String template;

        Create(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            if (template != null && !org.opentwinj.services.model.archive.Templates.NAMES.contains(template)) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "unknown template '" + template + "'; there are "
                                + String.join(", ", org.opentwinj.services.model.archive.Templates.NAMES));
            }
            String id = call("Project.Create", Map.of("name", name)).path("id").asText();
            if (template != null) {
                try {
                    new ProjectSessions(this)
                            .withSession(
                                    id,
                                    session -> throughRelay(
                                            session,
                                            relay -> relay.request(
                                                    ModelCommand.SERVICE,
                                                    ModelCommand.message("Model.ApplyTemplate", "template", template),
                                                    ModelCommand.TIMEOUT)));
                } catch (RuntimeException e) {
                    // A project that did not get its template is not what was asked for: take it back.
                    call("Project.Delete", Map.of("project", id));
                    throw e;
                }
            }
            context.out().println(id);
        }
    }

    @Command(name = "templates", description = "Lists the templates a project can start from.")
    static final class Templates extends ClientCommand implements Runnable {
        Templates(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            org.opentwinj.services.model.archive.Templates.descriptions()
                    .forEach((name, description) -> context.out().printf("%-12s %s%n", name, description));
        }
    }

    @Command(name = "rename", description = "Renames a project.")
    static final class Rename extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        Rename(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Project.Rename", Map.of("project", project, "name", name)));
        }
    }

    @Command(
            name = "delete",
            description =
                    "Deletes a project with its model and history (owner or admin; the project must not be open).")
    static final class Delete extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        Delete(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            ProjectSessions sessions = new ProjectSessions(this);
            String id = sessions.projectId(project);
            sessions.withSession(id, session -> {
                throughRelay(
                        session,
                        relay -> relay.request(
                                ModelCommand.SERVICE,
                                ModelCommand.message("Model.DeleteProject"),
                                ModelCommand.TIMEOUT));
                // A session the user had open on it has nothing left to show.
                callGss(ActionNames.SESSION_CLOSE, new SessionRequest(session));
                return session;
            });
            context.out().println("deleted project " + id);
        }
    }

    @Command(name = "share", description = "Shares a project with a group.")
    static final class Share extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "GROUP")
        String group;

        @Option(names = "--access", defaultValue = "read", description = "read or write (default: ${DEFAULT-VALUE})")
        String access;

        Share(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Project.Share", Map.of("project", project, "group", group, "access", access)));
        }
    }

    @Command(name = "unshare", description = "Stops sharing a project with a group.")
    static final class Unshare extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "GROUP")
        String group;

        Unshare(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Project.Unshare", Map.of("project", project, "group", group)));
        }
    }

    @Command(name = "transfer", description = "Makes another user the project's owner.")
    static final class Transfer extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "USER")
        String newOwner;

        Transfer(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Project.TransferOwnership", Map.of("project", project, "newOwner", newOwner)));
        }
    }
}
