package org.opentwinj.cli.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The context of a command under test whose output nobody reads: no environment, no input. */
final class SilentContext {
    private SilentContext() {}

    static ClientContext create() {
        return new ClientContext(
                Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
    }
}
