package org.opentwinj.cli.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opentwinj.cli.local.DataDirectoryOption;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code opentwin login} and {@code opentwin logout}. */
public final class LoginCommands {
    private LoginCommands() {}

    @Command(
            name = "login",
            mixinStandardHelpOptions = true,
            description = {
                "Logs in to AUTH and keeps the token for the other client commands.",
                "The password comes from OPEN_TWIN_PASSWORD, the terminal, or standard input."
            })
    public static final class Login implements Callable<Integer> {
        @Mixin
        DataDirectoryOption data = new DataDirectoryOption();

        @Option(
                names = {"-u", "--user"},
                defaultValue = "admin",
                description = "user name (default: ${DEFAULT-VALUE})")
        String user;

        @Option(
                names = "--gss-url",
                description = "the GSS's URL; it names AUTH and the relay (default: the local platform's)")
        String gssUrl;

        private final ClientContext context;

        public Login(ClientContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var directory = data.resolve(context.environment());
            URI url = gssUrl != null ? parse(gssUrl) : LocalGss.url(directory);
            String password = context.secret("OPEN_TWIN_PASSWORD", "password for " + user);
            try (PlatformClient client = new PlatformClient(directory)) {
                StoredLogin login = client.login(url, user, password);
                context.out().println("logged in as " + login.user() + " at " + url);
            }
            return ExitCode.OK.code();
        }

        private static URI parse(String text) {
            try {
                return ValueParsers.HTTPS_URL.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ExitException(ExitCode.INVALID_CONFIGURATION, "invalid --gss-url: " + e.getMessage());
            }
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Ends the login: AUTH revokes its tokens.")
    public static final class Logout extends ClientCommand implements Callable<Integer> {
        public Logout(ClientContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            call("Logout", Map.of());
            StoredLogin.forget(dataDirectory());
            context.out().println("logged out");
            return ExitCode.OK.code();
        }
    }
}
