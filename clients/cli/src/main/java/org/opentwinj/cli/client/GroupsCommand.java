package org.opentwinj.cli.client;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code opentwin groups ...}: groups and their members. */
@Command(
        name = "groups",
        mixinStandardHelpOptions = true,
        description = "Lists and manages groups.",
        subcommands = {
            GroupsCommand.ListGroups.class,
            GroupsCommand.Create.class,
            GroupsCommand.Add.class,
            GroupsCommand.Remove.class,
            GroupsCommand.Delete.class
        })
public final class GroupsCommand {
    @Command(name = "list", description = "Lists the groups you are in (all groups for admins).")
    static final class ListGroups extends ClientCommand implements Runnable {
        ListGroups(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            table(call("Group.List", Map.of()), "name", "owner", "members");
        }
    }

    @Command(name = "create", description = "Creates a group (admins only).")
    static final class Create extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "GROUP")
        String name;

        Create(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Group.Create", Map.of("name", name)));
        }
    }

    @Command(name = "add", description = "Adds a user to a group (its owner or an admin).")
    static final class Add extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        Add(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Group.AddMember", Map.of("group", group, "user", user)));
        }
    }

    @Command(name = "remove", description = "Removes a user from a group.")
    static final class Remove extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        Remove(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Group.RemoveMember", Map.of("group", group, "user", user)));
        }
    }

    @Command(name = "delete", description = "Deletes a group and its project shares (admins only).")
    static final class Delete extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        Delete(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("Group.Delete", Map.of("group", group)));
        }
    }
}
