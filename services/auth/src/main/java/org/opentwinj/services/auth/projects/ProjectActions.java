package org.opentwinj.services.auth.projects;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.auth.Callers;
import org.opentwinj.services.auth.groups.GroupStore;
import org.opentwinj.services.auth.users.UserStore;

/**
 * {@code Project.*}: the project catalog. Projects are addressed by id (names are only unique
 * per owner). The owner or an admin may rename, delete, share and transfer a project.
 */
public final class ProjectActions {
    /** {@code Project.Create}: the caller becomes the owner. */
    public record CreateRequest(String name) {}

    /** {@code Project.List}: projects the caller owns or that are shared with a group the caller is in. */
    public record ListRequest() {}

    /** {@code Project.Rename}. */
    public record RenameRequest(String project, String name) {}

    /** {@code Project.Delete}. */
    public record DeleteRequest(String project) {}

    /** {@code Project.Share}: access is {@code read} or {@code write}; sharing again changes the level. */
    public record ShareRequest(String project, String group, String access) {}

    /** {@code Project.Unshare}. */
    public record UnshareRequest(String project, String group) {}

    /** {@code Project.TransferOwnership}. */
    public record TransferRequest(String project, String newOwner) {}

    /** {@code Project.Access} (services only): what a user may do with a project. */
    public record AccessRequest(String project, String user) {}

    /**
     * A project as its viewer sees it: shares (of every group) only for the owner and admins;
     * {@code yourGroups}, the groups of the viewer it is shared with, for everyone (a member of a
     * group may know the group's name, not the other groups).
     */
    public record ProjectView(
            String id, String name, String owner, String access, Map<String, String> shares, List<String> yourGroups) {}

    /** The reply to {@code Project.Access}: access is owner, write, read or none. */
    public record AccessReply(String project, String user, String access) {}

    private final ProjectStore projects;
    private final Predicate<String> hasModelData;
    private final GroupStore groups;
    private final UserStore users;

    /** @param hasModelData whether a project still has model data, which must go first (by the Model service) */
    public ProjectActions(ProjectStore projects, GroupStore groups, UserStore users, Predicate<String> hasModelData) {
        this.hasModelData = hasModelData;
        this.projects = projects;
        this.groups = groups;
        this.users = users;
    }

    public void register(ActionRegistry registry) {
        registry.register(ActionSpec.withToken("Project.Create", CreateRequest.class, (request, call) -> {
                    String owner = Callers.user(call);
                    Project project = new Project(
                            UUID.randomUUID().toString(), NameRule.PROJECT.check(request.name()), owner, Map.of());
                    projects.insert(project);
                    return view(project, ProjectAccess.OWNER);
                }))
                .register(ActionSpec.withToken(
                                "Project.List",
                                ListRequest.class,
                                (request, call) -> list(Callers.user(call), Callers.isAdmin(call)))
                        .asIdempotent())
                .register(ActionSpec.withToken("Project.Rename", RenameRequest.class, (request, call) -> {
                    Project project = managed(request.project(), call);
                    String name = NameRule.PROJECT.check(request.name());
                    projects.rename(project, name);
                    return view(projects.require(project.id()), ProjectAccess.OWNER);
                }))
                .register(ActionSpec.withToken("Project.Delete", DeleteRequest.class, (request, call) -> {
                    Project project = managed(request.project(), call);
                    if (hasModelData.test(project.id())) {
                        throw PublicException.conflict(
                                "project '" + project.name() + "' still has its model and history: delete it with its"
                                        + " data through a session (opentwin projects delete, or the web client)");
                    }
                    projects.delete(project.id());
                    return view(project, ProjectAccess.OWNER);
                }))
                .register(ActionSpec.withToken("Project.Share", ShareRequest.class, (request, call) -> {
                    Project project = managed(request.project(), call);
                    ProjectAccess access = ProjectAccess.shareLevel(request.access());
                    groups.require(request.group());
                    projects.share(project.id(), request.group(), access);
                    return view(projects.require(project.id()), ProjectAccess.OWNER);
                }))
                .register(ActionSpec.withToken("Project.Unshare", UnshareRequest.class, (request, call) -> {
                    Project project = managed(request.project(), call);
                    if (!project.shares().containsKey(request.group())) {
                        throw PublicException.notFound(
                                "project '" + project.id() + "' is not shared with group '" + request.group() + "'");
                    }
                    projects.unshare(project.id(), request.group());
                    return view(projects.require(project.id()), ProjectAccess.OWNER);
                }))
                .register(ActionSpec.withToken("Project.TransferOwnership", TransferRequest.class, (request, call) -> {
                    Project project = managed(request.project(), call);
                    String newOwner = users.require(request.newOwner()).name();
                    projects.transfer(project, newOwner);
                    Project moved = projects.require(project.id());
                    return view(moved, moved.accessFor(Callers.user(call), groups.namesOf(Callers.user(call))));
                }))
                .register(ActionSpec.internal("Project.Access", AccessRequest.class, (request, call) -> {
                            Project project = projects.require(request.project());
                            users.require(request.user());
                            ProjectAccess access = project.accessFor(request.user(), groups.namesOf(request.user()));
                            return new AccessReply(project.id(), request.user(), access.label());
                        })
                        .asIdempotent());
    }

    /** The projects the user may see; their shares to those who manage them (the owner, admins). */
    private List<ProjectView> list(String user, boolean admin) {
        List<String> myGroups = groups.namesOf(user);
        return projects.visibleTo(user, myGroups).stream()
                .map(project -> view(project, project.accessFor(user, myGroups), admin, myGroups))
                .toList();
    }

    /** The project, if the caller owns it or is an admin: 404 if unknown, 403 otherwise. */
    private Project managed(String id, CallContext call) {
        String caller = Callers.user(call);
        Project project = projects.require(id);
        if (!project.owner().equals(caller) && !Callers.isAdmin(call)) {
            throw PublicException.forbidden(
                    "only the owner of project '" + project.name() + "' or an admin may do this");
        }
        return project;
    }

    private static ProjectView view(Project project, ProjectAccess access) {
        return view(project, access, false, List.of());
    }

    private static ProjectView view(Project project, ProjectAccess access, boolean admin, List<String> myGroups) {
        Map<String, String> shares = access == ProjectAccess.OWNER || admin ? project.shares() : Map.of();
        List<String> yourGroups =
                myGroups.stream().filter(project.shares()::containsKey).sorted().toList();
        return new ProjectView(project.id(), project.name(), project.owner(), access.label(), shares, yourGroups);
    }
}
