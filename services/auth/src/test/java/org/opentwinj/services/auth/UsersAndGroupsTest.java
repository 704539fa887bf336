package org.opentwinj.services.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.transport.action.Reply;

class UsersAndGroupsTest {
    private final AuthHarness auth = new AuthHarness();

    @AfterEach
    void close() {
        auth.close();
    }

    @Test
    void adminOnlyActionsAreRefusedForUsers() {
        String bob = auth.user("bob");
        for (Reply reply : List.of(
                auth.call(bob, "User.Create", "username", "eve", "password", "eve-password"),
                auth.call(bob, "User.List"),
                auth.call(bob, "User.Disable", "username", AuthHarness.ADMIN),
                auth.call(bob, "User.Delete", "username", AuthHarness.ADMIN),
                auth.call(bob, "Group.Create", "name", "team"))) {
            assertThat(reply.httpStatus()).as(reply.body().toString()).isEqualTo(403);
        }
    }

    @Test
    void userCreationChecksNamesPasswordsAndDuplicates() {
        String admin = auth.adminToken();
        auth.ok(admin, "User.Create", "username", "dave", "password", "dave-password", "roles", List.of("user"));
        assertThat(auth.call(admin, "User.Create", "username", "dave", "password", "other-password")
                        .httpStatus())
                .isEqualTo(409);
        Reply shortPassword = auth.call(admin, "User.Create", "username", "erin", "password", "short");
        assertThat(shortPassword.httpStatus()).isEqualTo(400);
        assertThat(AuthHarness.reason(shortPassword)).contains("at least 8 characters");
        assertThat(auth.call(admin, "User.Create", "username", "bad name", "password", "long-enough")
                        .httpStatus())
                .isEqualTo(400);
        assertThat(auth.call(
                                admin,
                                "User.Create",
                                "username",
                                "frank",
                                "password",
                                "long-enough",
                                "roles",
                                List.of("god"))
                        .httpStatus())
                .isEqualTo(400);
        assertThat(auth.ok(admin, "User.List").toString()).contains("dave").doesNotContain("passwordHash");
    }

    @Test
    void usersChangeTheirOwnPasswordWithTheOldOne() {
        String bob = auth.user("bob");
        assertThat(auth.call(bob, "User.ChangePassword", "oldPassword", "wrong-password", "newPassword", "new-password")
                        .httpStatus())
                .isEqualTo(403);
        assertThat(auth.call(bob, "User.ChangePassword", "newPassword", "new-password")
                        .httpStatus())
                .isEqualTo(400);
        assertThat(auth.call(bob, "User.ChangePassword", "username", AuthHarness.ADMIN, "newPassword", "new-password")
                        .httpStatus())
                .isEqualTo(403);
        auth.ok(bob, "User.ChangePassword", "oldPassword", "bob-password", "newPassword", "new-password");
        assertThat(auth.call(null, "Login", "username", "bob", "password", "bob-password")
                        .httpStatus())
                .isEqualTo(401);
        assertThat(auth.login("bob", "new-password")).isNotBlank();
        // An admin resets another user's password without the old one.
        auth.ok(auth.adminToken(), "User.ChangePassword", "username", "bob", "newPassword", "reset-password");
        assertThat(auth.login("bob", "reset-password")).isNotBlank();
    }

    @Test
    void theLastAdminCannotBeDeletedOrDisabled() {
        String admin = auth.adminToken();
        assertThat(auth.call(admin, "User.Delete", "username", AuthHarness.ADMIN)
                        .httpStatus())
                .isEqualTo(409);
        assertThat(auth.call(admin, "User.Disable", "username", AuthHarness.ADMIN)
                        .httpStatus())
                .isEqualTo(409);
        assertThat(auth.call(admin, "User.Delete", "username", "ghost").httpStatus())
                .isEqualTo(404);
        String bob = auth.user("bob");
        auth.ok(admin, "User.Delete", "username", "bob");
        assertThat(auth.call(bob, "Project.List").httpStatus()).isEqualTo(401);
    }

    @Test
    void anAdminGrantsAndTakesBackTheAdminRole() {
        String admin = auth.adminToken();
        auth.user("bob");
        assertThat(auth.ok(admin, "User.SetRoles", "username", "bob", "roles", List.of("user", "admin"))
                        .path("roles")
                        .toString())
                .isEqualTo("[\"user\",\"admin\"]");
        String bobAsAdmin = auth.login("bob", "bob-password");
        assertThat(auth.call(bobAsAdmin, "User.List").httpStatus())
                .as("a new login has the role")
                .isEqualTo(200);
        auth.ok(bobAsAdmin, "User.SetRoles", "username", AuthHarness.ADMIN, "roles", List.of("user"));
        assertThat(auth.call(bobAsAdmin, "User.SetRoles", "username", "bob", "roles", List.of("user"))
                        .httpStatus())
                .as("bob is the last admin now")
                .isEqualTo(409);
        assertThat(auth.call(bobAsAdmin, "User.SetRoles", "username", "bob", "roles", List.of("god"))
                        .httpStatus())
                .isEqualTo(400);
        assertThat(auth.call(bobAsAdmin, "User.SetRoles", "username", "ghost", "roles", List.of("user"))
                        .httpStatus())
                .isEqualTo(404);
        assertThat(auth.call(auth.login(AuthHarness.ADMIN, AuthHarness.ADMIN_PASSWORD), "User.List")
                        .httpStatus())
                .as("the former admin's new login has no admin role")
                .isEqualTo(403);
    }

    @Test
    void groupOwnersManageMembership() {
        String admin = auth.adminToken();
        String alice = auth.user("alice");
        String bob = auth.user("bob");
        auth.ok(admin, "Group.Create", "name", "team", "owner", "alice");
        assertThat(auth.call(admin, "Group.Create", "name", "team").httpStatus())
                .isEqualTo(409);
        auth.ok(alice, "Group.AddMember", "group", "team", "user", "bob");
        assertThat(auth.call(bob, "Group.AddMember", "group", "team", "user", "bob")
                        .httpStatus())
                .isEqualTo(403);
        assertThat(auth.call(alice, "Group.AddMember", "group", "team", "user", "ghost")
                        .httpStatus())
                .isEqualTo(404);
        assertThat(auth.call(alice, "Group.AddMember", "group", "nope", "user", "bob")
                        .httpStatus())
                .isEqualTo(404);
        assertThat(auth.ok(bob, "Group.List").get(0).get("members").toString()).contains("alice", "bob");
        auth.ok(alice, "Group.RemoveMember", "group", "team", "user", "bob");
        assertThat(auth.ok(bob, "Group.List")).isEmpty();
        assertThat(auth.call(alice, "Group.Delete", "group", "team").httpStatus())
                .isEqualTo(403);
        auth.ok(admin, "Group.Delete", "group", "team");
        assertThat(auth.ok(admin, "Group.List")).isEmpty();
    }

    @Test
    void firstAdminIsCreatedOnlyOnAnEmptyDatabase() {
        // The harness created a user already.
        assertThat(FirstAdmin.ensure(auth.database(), "admin", Optional.empty()))
                .isEmpty();
        auth.database().getCollection("users").drop();

        Optional<String> generated = FirstAdmin.ensure(auth.database(), "admin", Optional.empty());
        assertThat(generated)
                .hasValueSatisfying(password -> assertThat(password).hasSize(20));
        String token = auth.login("admin", generated.orElseThrow());
        assertThat(auth.ok(token, "User.List")).hasSize(1);
        assertThat(FirstAdmin.ensure(auth.database(), "other", Optional.of("given-password")))
                .isEmpty();
    }

    @Test
    void firstAdminFromAPasswordFileOnlyOnAnEmptyDatabase(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("admin-password"), "mounted-secret-1\n");
        AuthorizationService.ensureFirstAdmin(auth.database(), file);
        assertThat(auth.database().getCollection("users").countDocuments())
                .as("users exist: nothing created")
                .isEqualTo(1);

        auth.database().getCollection("users").drop();
        AuthorizationService.ensureFirstAdmin(auth.database(), file);
        String token = auth.login("admin", "mounted-secret-1");
        assertThat(auth.ok(token, "User.List")).hasSize(1);
    }

    @Test
    void anUnusableFirstAdminPasswordFileStopsTheServiceWithTheConfigurationCode(@TempDir Path dir) throws Exception {
        auth.database().getCollection("users").drop();
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path shortOne = Files.writeString(dir.resolve("short"), "abc");
        for (Path file : List.of(empty, shortOne, dir.resolve("missing"))) {
            assertThatThrownBy(() -> AuthorizationService.ensureFirstAdmin(auth.database(), file))
                    .isInstanceOfSatisfying(ExitException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION);
                        assertThat(e.getMessage()).contains("--first-admin-password-file", file.toString());
                    });
        }
        assertThat(auth.database().getCollection("users").countDocuments()).isZero();
    }
}
