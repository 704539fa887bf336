package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opentwin users ...}: user administration (admins), and changing one's own password. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Lists and manages users.",
        subcommands = {
            UsersCommand.ListUsers.class,
            UsersCommand.Create.class,
            UsersCommand.Disable.class,
            UsersCommand.Enable.class,
            UsersCommand.Unlock.class,
            UsersCommand.Delete.class,
            UsersCommand.Password.class,
            UsersCommand.Admin.class
        })
public final class UsersCommand {
    @Command(
            name = "list",
            description =
                    "Lists all users (admins only); 'locked' is when a lock after failed logins ends, in local time.")
    static final class ListUsers extends ClientCommand implements Runnable {
        ListUsers(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            table(
                    withLocalLocks(call("User.List", Map.of()), ZoneId.systemDefault(), Instant.now()),
                    "username",
                    "roles",
                    "enabled",
                    "locked");
        }

        /** The users with a {@code locked} column: "until 18:42" in local time, or none. */
        static ArrayNode withLocalLocks(JsonNode users, ZoneId zone, Instant now) {
            ArrayNode rows = Json.mapper().createArrayNode();
            for (JsonNode user : users) {
                ObjectNode row = user.deepCopy();
                JsonNode until = user.path("lockedUntil");
                if (until.isTextual()) {
                    row.put("locked", "until " + LocalTimes.clock(until.asText(), zone, now));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Command(
            name = "create",
            description =
                    "Creates a user; the password comes from OPEN_TWIN_NEW_PASSWORD, the terminal or standard input.")
    static final class Create extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        @Option(names = "--admin", description = "give the admin role")
        boolean admin;

        Create(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            String password = context.secret("OPEN_TWIN_NEW_PASSWORD", "password for " + username);
            done(call(
                    "User.Create",
                    Map.of(
                            "username",
                            username,
                            "password",
                            password,
                            "roles",
                            admin ? List.of("admin", "user") : List.of("user"))));
        }
    }

    @Command(name = "disable", description = "Disables a user: no login, and their tokens stop working.")
    static final class Disable extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        Disable(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("User.Disable", Map.of("username", username)));
        }
    }

    @Command(
            name = "admin",
            description = "Grants (or with --revoke takes back) the admin role; it holds from the user's next login.")
    static final class Admin extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        @Option(names = "--revoke", description = "take the admin role back")
        boolean revoke;

        Admin(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call(
                    "User.SetRoles",
                    Map.of("username", username, "roles", revoke ? List.of("user") : List.of("user", "admin"))));
        }
    }

    @Command(name = "enable", description = "Enables a disabled user.")
    static final class Enable extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        Enable(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("User.Enable", Map.of("username", username)));
        }
    }

    @Command(
            name = "unlock",
            description = "Lifts the lock after too many failed logins (admins only); a new password lifts it too.")
    static final class Unlock extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        Unlock(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            call("User.Unlock", Map.of("username", username));
            context.out().println("unlocked " + username);
        }
    }

    @Command(name = "delete", description = "Deletes a user who owns no projects.")
    static final class Delete extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "USER")
        String username;

        Delete(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(call("User.Delete", Map.of("username", username)));
        }
    }

    @Command(
            name = "passwd",
            description = {
                "Changes a password: your own (old password from OPEN_TWIN_PASSWORD or prompted),",
                "or, for admins, another user's with --user. The new one comes from OPEN_TWIN_NEW_PASSWORD or is prompted."
            })
    static final class Password extends ClientCommand implements Runnable {
        @Option(names = "--user", description = "the user whose password an admin sets")
        String username;

        Password(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (username != null) {
                fields.put("username", username);
            } else {
                fields.put("oldPassword", context.secret("OPEN_TWIN_PASSWORD", "current password"));
            }
            fields.put("newPassword", context.secret("OPEN_TWIN_NEW_PASSWORD", "new password"));
            done(call("User.ChangePassword", fields));
        }
    }
}
