package org.opentwinj.services.auth.users;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.auth.Callers;
import org.opentwinj.services.auth.login.LoginLocks;

/** {@code User.*}: accounts, managed by admins; users may change their own password. */
public final class UserActions {
    private static final Set<String> ROLES = Set.of(Callers.ADMIN, Callers.USER);

    /** {@code User.Create}; roles default to {@code ["user"]}. */
    public record CreateRequest(
            String username, String password, @OptionalField List<String> roles) {
        @Override
        public String toString() {
            return "CreateRequest[" + username + "]";
        }
    }

    /** {@code User.ChangePassword}: username defaults to the caller; oldPassword is required for one's own password. */
    public record ChangePasswordRequest(
            @OptionalField String username, @OptionalField String oldPassword, String newPassword) {
        @Override
        public String toString() {
            return "ChangePasswordRequest[" + username + "]";
        }
    }

    /** {@code User.Disable}, {@code User.Enable}, {@code User.Delete}, {@code User.Unlock}. */
    public record UserRequest(String username) {}

    /** {@code User.SetRoles}: an admin grants or takes back the admin role. */
    public record SetRolesRequest(String username, List<String> roles) {}

    /** {@code User.List}. */
    public record ListRequest() {}

    /**
     * A user as the API shows it: never the hash.
     *
     * @param lockedUntil when the lock after too many failed logins ends (ISO-8601 UTC, whole
     *                    seconds), or null when the user is not locked
     */
    public record UserView(String username, List<String> roles, boolean enabled, String lockedUntil) {
        static UserView of(User user) {
            return new UserView(user.name(), user.roles(), user.enabled(), null);
        }

        static UserView of(User user, Instant lockedUntil) {
            return new UserView(
                    user.name(), user.roles(), user.enabled(), lockedUntil == null ? null : lockedUntil.toString());
        }
    }

    /** What other features must do when a user changes or goes away. */
    public record Hooks(Consumer<String> changed, Consumer<String> beforeDelete, Consumer<String> deleted) {}

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Hooks hooks;
    private final LoginLocks locks;

    public UserActions(UserStore users, PasswordHasher hasher, LoginLocks locks, Hooks hooks) {
        this.users = users;
        this.hasher = hasher;
        this.locks = locks;
        this.hooks = hooks;
    }

    public void register(ActionRegistry registry) {
        registry.register(ActionSpec.withToken("User.Create", CreateRequest.class, this::create))
                .register(ActionSpec.withToken("User.List", ListRequest.class, (request, call) -> {
                            Callers.admin(call);
                            Map<String, Instant> locked = locks.locked();
                            return users.all().stream()
                                    .map(user -> UserView.of(user, locked.get(user.name())))
                                    .toList();
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken("User.Unlock", UserRequest.class, this::unlock)
                        .asIdempotent())
                .register(
                        ActionSpec.withToken("User.ChangePassword", ChangePasswordRequest.class, this::changePassword))
                .register(ActionSpec.withToken(
                        "User.Disable", UserRequest.class, (request, call) -> setEnabled(request, call, false)))
                .register(ActionSpec.withToken(
                        "User.Enable", UserRequest.class, (request, call) -> setEnabled(request, call, true)))
                .register(ActionSpec.withToken("User.SetRoles", SetRolesRequest.class, this::setRoles)
                        .asIdempotent())
                .register(ActionSpec.withToken("User.Delete", UserRequest.class, this::delete));
    }

    private UserView create(CreateRequest request, CallContext call) {
        Callers.admin(call);
        String name = NameRule.USER.check(request.username());
        PasswordHasher.checkPolicy("password", request.password());
        List<String> roles = roles(request.roles());
        if (users.exists(name)) {
            throw PublicException.conflict("user '" + name + "' exists already");
        }
        User user = new User(name, hasher.hash(request.password()), roles, true);
        users.insert(user);
        // Failed logins for the name before it was a user are not the new user's.
        locks.clear(name);
        return UserView.of(user);
    }

    private static List<String> roles(List<String> requested) {
        if (requested == null) {
            return List.of(Callers.USER);
        }
        Set<String> roles = new LinkedHashSet<>(requested);
        if (roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new PublicException("field 'roles' must list one or both of admin, user");
        }
        return List.copyOf(roles);
    }

    private UserView changePassword(ChangePasswordRequest request, CallContext call) {
        String caller = Callers.user(call);
        String target = request.username() == null ? caller : request.username();
        boolean self = target.equals(caller);
        if (!self && !Callers.isAdmin(call)) {
            throw PublicException.forbidden("only an admin may change another user's password");
        }
        PasswordHasher.checkPolicy("newPassword", request.newPassword());
        User user = users.require(target);
        if (self) {
            if (request.oldPassword() == null) {
                throw new PublicException("missing field 'oldPassword': changing your own password needs the old one");
            }
            if (!hasher.verify(request.oldPassword(), user.passwordHash())) {
                throw PublicException.forbidden("the old password is wrong");
            }
        }
        if (!users.replacePasswordHash(target, user.passwordHash(), hasher.hash(request.newPassword()))) {
            throw PublicException.conflict("the password was changed concurrently; try again");
        }
        // The lock protects the old password from guessing; a new one (an admin's reset above
        // all, the way to let a locked-out user back in) makes it pointless.
        locks.clear(target);
        hooks.changed().accept(target);
        return UserView.of(user);
    }

    /** Lifts the lock after too many failed logins; the user's failures start from zero. */
    private UserView unlock(UserRequest request, CallContext call) {
        Callers.admin(call);
        User user = users.require(request.username());
        locks.clear(user.name());
        return UserView.of(user);
    }

    private UserView setRoles(SetRolesRequest request, CallContext call) {
        Callers.admin(call);
        List<String> roles = roles(request.roles());
        if (request.roles() == null) {
            throw new PublicException("missing field 'roles'");
        }
        User user = users.require(request.username());
        boolean losesAdmin = user.isAdmin() && !roles.contains(Callers.ADMIN);
        if (losesAdmin && user.enabled() && users.otherEnabledAdmins(user.name()) == 0) {
            throw PublicException.conflict("cannot take the admin role from the last enabled admin");
        }
        users.setRoles(user.name(), roles);
        // Access tokens carry the roles they were issued with: the change reaches the user with the
        // next login or refresh (access tokens live minutes).
        hooks.changed().accept(user.name());
        return UserView.of(
                new User(user.name(), user.passwordHash(), roles, user.enabled()),
                locks.lockedUntil(user.name()).orElse(null));
    }

    private UserView setEnabled(UserRequest request, CallContext call, boolean enabled) {
        String admin = Callers.admin(call);
        User user = users.require(request.username());
        if (!enabled && user.isAdmin() && user.enabled() && users.otherEnabledAdmins(user.name()) == 0) {
            throw PublicException.conflict("cannot disable the last enabled admin");
        }
        if (!enabled && user.name().equals(admin)) {
            throw PublicException.conflict("admins cannot disable themselves");
        }
        users.setEnabled(user.name(), enabled);
        hooks.changed().accept(user.name());
        return UserView.of(
                new User(user.name(), user.passwordHash(), user.roles(), enabled),
                locks.lockedUntil(user.name()).orElse(null));
    }

    private UserView delete(UserRequest request, CallContext call) {
        Callers.admin(call);
        User user = users.require(request.username());
        // The check and the delete are two operations (there are no transactions on the embedded
        // server); two admins deleting each other at the same moment is the only race left.
        if (user.isAdmin() && users.otherEnabledAdmins(user.name()) == 0) {
            throw PublicException.conflict("cannot delete the last admin");
        }
        hooks.beforeDelete().accept(user.name());
        if (!users.delete(user.name())) {
            throw PublicException.notFound("unknown user '" + user.name() + "'");
        }
        locks.clear(user.name());
        hooks.deleted().accept(user.name());
        hooks.changed().accept(user.name());
        return UserView.of(user);
    }
}
