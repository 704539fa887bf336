package org.opentwinj.services.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.transport.action.Reply;

class ProjectsTest {
    private final AuthHarness auth = new AuthHarness();
    private String admin;
    private String alice;
    private String bob;
    private String carol;

    @BeforeEach
    void users() {
        admin = auth.adminToken();
        alice = auth.user("alice");
        bob = auth.user("bob");
        carol = auth.user("carol");
    }

    @AfterEach
    void close() {
        auth.close();
    }

    private String create(String token, String name) {
        return auth.ok(token, "Project.Create", "name", name).get("id").asText();
    }

    private String access(String project, String user) {
        return auth.callAsService("Project.Access", "project", project, "user", user)
                .body()
                .get("result")
                .get("access")
                .asText();
    }

    @Test
    void projectsSharedWithMyGroupAreListedWithMyAccess() {
        String project = create(alice, "antenna");
        auth.ok(admin, "Group.Create", "name", "team", "owner", "alice");
        auth.ok(alice, "Group.AddMember", "group", "team", "user", "bob");
        assertThat(auth.ok(bob, "Project.List")).isEmpty();

        auth.ok(alice, "Project.Share", "project", project, "group", "team", "access", "read");
        JsonNode listed = auth.ok(bob, "Project.List");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("antenna");
        assertThat(listed.get(0).get("access").asText()).isEqualTo("read");
        assertThat(listed.get(0).get("shares"))
                .as("a member does not manage the project")
                .isEmpty();
        auth.ok(alice, "Group.AddMember", "group", "team", "user", AuthHarness.ADMIN);
        assertThat(auth.ok(admin, "Project.List").get(0).get("shares").toString())
                .as("an admin manages it")
                .isEqualTo("{\"team\":\"read\"}");
        assertThat(auth.ok(alice, "Project.List").get(0).get("access").asText()).isEqualTo("owner");
        assertThat(auth.ok(carol, "Project.List")).isEmpty();

        assertThat(access(project, "bob")).isEqualTo("read");
        auth.ok(alice, "Project.Share", "project", project, "group", "team", "access", "write");
        assertThat(access(project, "bob")).isEqualTo("write");
        assertThat(access(project, "alice")).isEqualTo("owner");
        assertThat(access(project, "carol")).isEqualTo("none");

        assertThat(auth.call(bob, "Project.Share", "project", project, "group", "team", "access", "write")
                        .httpStatus())
                .isEqualTo(403);
        assertThat(auth.call(alice, "Project.Share", "project", project, "group", "team", "access", "admin")
                        .httpStatus())
                .isEqualTo(400);
        assertThat(auth.call(alice, "Project.Share", "project", project, "group", "nope", "access", "read")
                        .httpStatus())
                .isEqualTo(404);

        auth.ok(alice, "Project.Unshare", "project", project, "group", "team");
        assertThat(auth.ok(bob, "Project.List")).isEmpty();
        assertThat(access(project, "bob")).isEqualTo("none");
    }

    @Test
    void deletingAGroupRemovesItsShares() {
        String project = create(alice, "antenna");
        auth.ok(admin, "Group.Create", "name", "team");
        auth.ok(admin, "Group.AddMember", "group", "team", "user", "bob");
        auth.ok(alice, "Project.Share", "project", project, "group", "team", "access", "read");
        auth.ok(admin, "Group.Delete", "group", "team");
        assertThat(auth.ok(alice, "Project.List").get(0).get("shares")).isEmpty();
        assertThat(access(project, "bob")).isEqualTo("none");
    }

    @Test
    void ownershipIsTransferred() {
        String project = create(alice, "antenna");
        JsonNode moved = auth.ok(alice, "Project.TransferOwnership", "project", project, "newOwner", "bob");
        assertThat(moved.get("owner").asText()).isEqualTo("bob");
        assertThat(auth.ok(bob, "Project.List").get(0).get("access").asText()).isEqualTo("owner");
        assertThat(auth.ok(alice, "Project.List")).isEmpty();
        assertThat(auth.call(alice, "Project.Rename", "project", project, "name", "mine")
                        .httpStatus())
                .isEqualTo(403);
        assertThat(auth.call(bob, "Project.TransferOwnership", "project", project, "newOwner", "ghost")
                        .httpStatus())
                .isEqualTo(404);
        auth.ok(bob, "Project.Rename", "project", project, "name", "horn");
        assertThat(auth.ok(bob, "Project.List").get(0).get("name").asText()).isEqualTo("horn");
    }

    @Test
    void projectNamesAreUniquePerOwner() {
        String first = create(alice, "antenna");
        Reply duplicate = auth.call(alice, "Project.Create", "name", "antenna");
        assertThat(duplicate.httpStatus()).isEqualTo(409);
        assertThat(AuthHarness.reason(duplicate)).contains("already has a project named 'antenna'");
        create(bob, "antenna");
        assertThat(auth.call(alice, "Project.TransferOwnership", "project", first, "newOwner", "bob")
                        .httpStatus())
                .isEqualTo(409);
        String second = create(alice, "horn");
        assertThat(auth.call(alice, "Project.Rename", "project", second, "name", "antenna")
                        .httpStatus())
                .isEqualTo(409);
    }

    @Test
    void ownerOrAdminDeletes() {
        String project = create(alice, "antenna");
        assertThat(auth.call(bob, "Project.Delete", "project", project).httpStatus())
                .isEqualTo(403);
        auth.ok(admin, "Project.Delete", "project", project);
        assertThat(auth.call(alice, "Project.Delete", "project", project).httpStatus())
                .isEqualTo(404);
    }

    @Test
    void projectAccessIsForServicesOnly() {
        String project = create(alice, "antenna");
        Reply fromClient = auth.call(alice, "Project.Access", "project", project, "user", "alice");
        assertThat(fromClient.httpStatus()).isEqualTo(403);
        assertThat(auth.callAsService("Project.Access", "project", "nope", "user", "alice")
                        .httpStatus())
                .isEqualTo(404);
        assertThat(auth.callAsService("Project.Access", "project", project, "user", "ghost")
                        .httpStatus())
                .isEqualTo(404);
        assertThat(access(project, "alice")).isEqualTo("owner");
    }

    @Test
    void usersWhoOwnProjectsCannotBeDeleted() {
        create(alice, "antenna");
        assertThat(auth.call(admin, "User.Delete", "username", "alice").httpStatus())
                .isEqualTo(409);
    }

    @Test
    void aProjectWithModelDataIsNotDeletedFromTheCatalogAlone() {
        String project = create(alice, "with-data");
        auth.database()
                .getCollection(org.opentwinj.platform.storage.ProjectData.prefix(project) + "_states")
                .insertOne(new org.bson.Document("_id", 1L));
        Reply refused = auth.call(alice, "Project.Delete", "project", project);
        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(AuthHarness.reason(refused)).contains("still has its model and history");
        auth.database()
                .getCollection(org.opentwinj.platform.storage.ProjectData.prefix(project) + "_states")
                .drop();
        assertThat(auth.call(alice, "Project.Delete", "project", project).isSuccess())
                .isTrue();
    }
}
