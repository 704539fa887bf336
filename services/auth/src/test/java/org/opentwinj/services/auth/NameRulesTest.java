package org.opentwinj.services.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.platform.transport.action.Reply;

/** AUTH enforces {@link NameRule}'s user, group and project rules: refused whole, never cut. */
class NameRulesTest {
    private final AuthHarness auth = new AuthHarness();
    private final String admin = auth.adminToken();

    @AfterEach
    void close() {
        auth.close();
    }

    @Test
    void userAndGroupNamesFollowTheSameRule() {
        auth.ok(admin, "User.Create", "username", "carol.smith@lab", "password", "long-enough");
        JsonNode group = auth.ok(admin, "Group.Create", "name", "team.rf@lab", "owner", "carol.smith@lab");
        assertThat(group.get("name").asText()).isEqualTo("team.rf@lab");

        for (String[] call : new String[][] {
            {"User.Create", "username", "bob 🚀"},
            {"Group.Create", "name", "team 🚀"},
            {"Group.Create", "name", "-team"}
        }) {
            Reply refused = call[0].equals("User.Create")
                    ? auth.call(admin, call[0], call[1], call[2], "password", "long-enough")
                    : auth.call(admin, call[0], call[1], call[2]);
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(AuthHarness.reason(refused))
                    .as(call[2])
                    .contains("is not allowed")
                    .endsWith(NameRule.USER.description());
        }
        Reply tooLong = auth.call(admin, "Group.Create", "name", "g".repeat(65));
        assertThat(AuthHarness.reason(tooLong))
                .isEqualTo("the group name has 65 characters, 1 too many: group names are "
                        + NameRule.GROUP.description());
    }

    @Test
    void projectNamesTakeEmojiAreTrimmedAndAreRefusedWholeWhenTooLong() {
        String alice = auth.user("alice");
        String rockets = "🚀".repeat(200); // 200 code points, 400 UTF-16 units
        assertThat(auth.ok(alice, "Project.Create", "name", rockets).get("name").asText())
                .isEqualTo(rockets);
        assertThat(auth.ok(alice, "Project.Create", "name", "  Filter ✨ ")
                        .get("name")
                        .asText())
                .isEqualTo("Filter ✨");

        Reply tooLong = auth.call(alice, "Project.Create", "name", "p".repeat(201));
        assertThat(tooLong.httpStatus()).isEqualTo(400);
        assertThat(AuthHarness.reason(tooLong))
                .isEqualTo("the project name has 201 characters, 1 too many: project names are "
                        + NameRule.PROJECT.description());
        assertThat(auth.ok(alice, "Project.List"))
                .as("nothing was cut and stored")
                .hasSize(2);

        String id = auth.ok(alice, "Project.Create", "name", "horn").get("id").asText();
        Reply control = auth.call(alice, "Project.Rename", "project", id, "name", "horn\u0007");
        assertThat(AuthHarness.reason(control)).startsWith("the project name 'horn\\u0007' is not allowed");
    }

    @Test
    void aMemberSeesTheNamesOfHisGroupsAProjectIsSharedWithAndNoOthers() {
        String alice = auth.user("alice");
        String carol = auth.user("carol");
        String project =
                auth.ok(alice, "Project.Create", "name", "Filter").get("id").asText();
        auth.ok(admin, "Group.Create", "name", "rf.team", "owner", "alice");
        auth.ok(admin, "Group.Create", "name", "other", "owner", "alice");
        auth.ok(admin, "Group.Create", "name", "lonely", "owner", "alice");
        auth.ok(alice, "Group.AddMember", "group", "rf.team", "user", "carol");
        auth.ok(alice, "Group.AddMember", "group", "lonely", "user", "carol");
        auth.ok(alice, "Project.Share", "project", project, "group", "rf.team", "access", "read");
        auth.ok(alice, "Project.Share", "project", project, "group", "other", "access", "write");

        JsonNode seen = auth.ok(carol, "Project.List").get(0);
        assertThat(seen.get("access").asText()).isEqualTo("read");
        assertThat(seen.get("yourGroups").toString()).isEqualTo("[\"rf.team\"]");
        assertThat(seen.get("shares")).as("the other groups stay hidden").isEmpty();
        JsonNode shares = auth.ok(alice, "Project.List").get(0).get("shares");
        assertThat(shares.get("rf.team").asText())
                .as("a group name with a dot reads back from the share's key")
                .isEqualTo("read");
        assertThat(shares.size()).isEqualTo(2);

        auth.ok(alice, "Project.Unshare", "project", project, "group", "rf.team");
        assertThat(auth.ok(carol, "Project.List")).isEmpty();
    }
}
