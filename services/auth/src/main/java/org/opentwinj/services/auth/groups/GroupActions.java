package org.opentwinj.services.auth.groups;

import java.util.List;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.auth.Callers;
import org.opentwinj.services.auth.users.UserStore;

/**
 * {@code Group.*}: admins create and delete groups and name their owner; the owner (or an
 * admin) manages membership. Everyone sees the groups they belong to; admins see all.
 */
public final class GroupActions {
    /** {@code Group.Create}: owner defaults to the calling admin, and is a member from the start. */
    public record CreateRequest(String name, @OptionalField String owner) {}

    /** {@code Group.AddMember}, {@code Group.RemoveMember}. */
    public record MemberRequest(String group, String user) {}

    /** {@code Group.Delete}. */
    public record DeleteRequest(String group) {}

    /** {@code Group.List}. */
    public record ListRequest() {}

    private final GroupStore groups;
    private final UserStore users;
    private final Consumer<String> beforeDelete;

    /** @param beforeDelete removes what refers to a group (its project shares) before it goes */
    public GroupActions(GroupStore groups, UserStore users, Consumer<String> beforeDelete) {
        this.groups = groups;
        this.users = users;
        this.beforeDelete = beforeDelete;
    }

    public void register(ActionRegistry registry) {
        registry.register(ActionSpec.withToken("Group.Create", CreateRequest.class, this::create))
                .register(ActionSpec.withToken(
                                "Group.List",
                                ListRequest.class,
                                (request, call) -> Callers.isAdmin(call) ? groups.all() : groups.of(Callers.user(call)))
                        .asIdempotent())
                .register(ActionSpec.withToken("Group.AddMember", MemberRequest.class, (request, call) -> {
                    Group group = managed(request.group(), call);
                    users.require(request.user());
                    groups.addMember(group.name(), request.user());
                    return groups.require(group.name());
                }))
                .register(ActionSpec.withToken("Group.RemoveMember", MemberRequest.class, (request, call) -> {
                    Group group = managed(request.group(), call);
                    if (!group.members().contains(request.user())) {
                        throw PublicException.notFound(
                                "user '" + request.user() + "' is not a member of group '" + group.name() + "'");
                    }
                    groups.removeMember(group.name(), request.user());
                    return groups.require(group.name());
                }))
                .register(ActionSpec.withToken("Group.Delete", DeleteRequest.class, (request, call) -> {
                    Callers.admin(call);
                    Group group = groups.require(request.group());
                    beforeDelete.accept(group.name());
                    groups.delete(group.name());
                    return group;
                }));
    }

    private Group create(CreateRequest request, CallContext call) {
        String admin = Callers.admin(call);
        String name = NameRule.GROUP.check(request.name());
        String owner =
                request.owner() == null ? admin : users.require(request.owner()).name();
        Group group = new Group(name, owner, List.of(owner));
        groups.insert(group);
        return group;
    }

    /** The group, if the caller may manage its membership: 404 if unknown, 403 if not owner or admin. */
    private Group managed(String name, CallContext call) {
        String caller = Callers.user(call);
        Group group = groups.require(name);
        if (!group.owner().equals(caller) && !Callers.isAdmin(call)) {
            throw PublicException.forbidden(
                    "only the owner of group '" + name + "' or an admin may change its members");
        }
        return group;
    }
}
