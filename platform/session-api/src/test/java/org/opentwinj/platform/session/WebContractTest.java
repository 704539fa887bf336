package org.opentwinj.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The web client's wire types are generated from this contract and committed: this test
 * fails when the committed file differs from what the contract generates, so the client
 * cannot drift from the services. With {@code -Dopentwin.contract.write=true} it writes the
 * file instead.
 */
class WebContractTest {
    private static final Path FILE = checkout().resolve("clients/web/src/lib/contract.ts");

    /** The checkout: the nearest directory above this module holding the Maven wrapper's {@code .mvn}. */
    private static Path checkout() {
        Path start =
                Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isDirectory(dir.resolve("clients/web"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no checkout (a directory with .mvn and clients/web) above " + start);
    }

    @Test
    void theWebClientsTypesAreTheContracts() throws IOException {
        String generated = WebContract.typeScript();
        if (Boolean.getBoolean("opentwin.contract.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(FILE)
                .as("%s is missing; generate it with: %s", FILE, WebContract.REGENERATE)
                .exists();
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as(
                        "%s differs from the session contract (platform/session-api); regenerate it with: %s",
                        FILE, WebContract.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theGeneratedTypesDescribeTheStatesAndMessages() {
        String generated = WebContract.typeScript();

        assertThat(generated)
                .contains(
                        "export type SessionState = 'QUEUED' | 'STARTING' | 'RUNNING' | 'RECOVERING' | 'CLOSING' | 'CLOSED' | 'FAILED' | 'LOST';")
                .contains("export const SERVING: SessionState[] = ['RUNNING', 'RECOVERING'];")
                .contains("export const ENDED: SessionState[] = ['CLOSED', 'FAILED', 'LOST'];")
                .contains("  services: Record<string, ServiceStatus>;")
                .contains("  url?: string | null;")
                .contains("  state: ServiceState;")
                .contains("  events: SessionEvent[];");
    }

    @Test
    void theNameRulesAreWrittenForTheFormsSoTheyCannotDriftFromTheServers() {
        String generated = WebContract.typeScript();

        assertThat(generated)
                .contains("export type NameKind = 'USER' | 'GROUP' | 'PROJECT' | 'ENTITY' | 'LABEL';")
                .contains("  USER: { noun: 'user name', maxLength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@-]*',"
                        + " description: '1 to 64 letters, digits, \\'.\\', \\'_\\', \\'@\\' or \\'-\\',"
                        + " starting with a letter or digit' },")
                .contains("  PROJECT: { noun: 'project name', maxLength: 200, pattern: '[^\\\\p{Cc}\\\\p{Cs}")
                .contains("export const NAME_TRIMMED = '[\\\\p{Z}\\\\t");
    }
}
