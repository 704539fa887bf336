package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opentwin model ...}: a project's versioned model through the Model service of its
 * session, over the relay, as the web client uses it. PROJECT is a project id or name (or a
 * session id); the project must be open, except for export and import, which open it briefly.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Reads and changes a project's versioned model.",
        subcommands = {
            ModelCommand.Info.class,
            ModelCommand.Entities.class,
            ModelCommand.Show.class,
            ModelCommand.Put.class,
            ModelCommand.Delete.class,
            ModelCommand.History.class,
            ModelCommand.Undo.class,
            ModelCommand.Redo.class,
            ModelCommand.Checkout.class,
            ModelCommand.Label.class,
            ModelCommand.Unlabel.class,
            ModelCommand.Diff.class,
            ModelCommand.Export.class,
            ModelCommand.Import.class
        })
public final class ModelCommand {
    static final String SERVICE = "model";
    /** Payload bytes per message: base64 of it stays well within the relay's message limit. */
    static final int CHUNK = 4 * 1024 * 1024;

    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ModelCommand() {}

    /** Base of the model commands: one call, or several over one connection, to the project's Model service. */
    abstract static class ModelAction extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "project id or name (or session id)")
        String project;

        ModelAction(ClientContext context) {
            super(context);
        }

        JsonNode model(String action, Object... fields) {
            String session = new ProjectSessions(this).running(project);
            return throughRelay(session, relay -> relay.request(SERVICE, message(action, fields), TIMEOUT));
        }
    }

    static ObjectNode message(String action, Object... fields) {
        ObjectNode message = Json.object().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                message.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
            }
        }
        return message;
    }

    @Command(name = "info", description = "The current version, what undo and redo can do, the labels.")
    static final class Info extends ModelAction implements Runnable {
        Info(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(model("Model.Info"));
        }
    }

    @Command(name = "entities", description = "Lists the entities at the current (or a given) version.")
    static final class Entities extends ModelAction implements Runnable {
        @Option(names = "--at", paramLabel = "VERSION", description = "a version other than the current one")
        Long version;

        @Option(names = "--type", description = "only this type")
        String type;

        @Option(names = "--parent", description = "only the children of this entity")
        String parent;

        Entities(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            table(
                    model("Model.Entities", "version", version, "type", type, "parent", parent),
                    "id",
                    "version",
                    "type",
                    "name",
                    "parent");
        }
    }

    @Command(name = "show", description = "Shows one entity with its properties.")
    static final class Show extends ModelAction implements Runnable {
        @Parameters(index = "1", paramLabel = "ENTITY")
        String entity;

        @Option(names = "--at", paramLabel = "VERSION", description = "a version other than the current one")
        Long version;

        Show(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(model("Model.Entity", "id", entity, "version", version));
        }
    }

    @Command(name = "put", description = "Adds an entity, or changes one (with --id), in a new version.")
    static final class Put extends ModelAction implements Runnable {
        @Option(
                names = "--type",
                required = true,
                description = "folder, geometry, mesh, material, solver-settings, result or plot")
        String type;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--id", description = "the entity to change (default: a new one)")
        String id;

        @Option(names = "--parent", description = "the id of its parent")
        String parent;

        @Option(names = "--properties", description = "its properties as a JSON object")
        String properties;

        @Option(names = "--refs", split = ",", description = "ids of entities it refers to")
        List<String> refs;

        @Option(names = "--data-file", description = "a file with its binary payload")
        Path dataFile;

        @Option(
                names = {"-m", "--message"},
                description = "what the change is")
        String message;

        Put(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            Map<String, Object> put = new LinkedHashMap<>();
            put.put("type", type);
            put.put("name", name);
            if (id != null) {
                put.put("id", id);
            }
            if (parent != null) {
                put.put("parent", parent);
            }
            if (refs != null) {
                put.put("refs", refs);
            }
            if (properties != null) {
                put.put("properties", json(properties));
            }
            String session = new ProjectSessions(this).running(project);
            JsonNode saved = throughRelay(session, relay -> {
                if (dataFile != null) {
                    put.put("stagedData", stage(relay, dataFile));
                }
                long head = relay.request(SERVICE, message("Model.Info"), TIMEOUT)
                        .path("version")
                        .asLong();
                return relay.request(
                        SERVICE,
                        message("Model.Save", "expectedVersion", head, "message", message, "put", List.of(put)),
                        TIMEOUT);
            });
            context.out().println("version " + saved.path("version").asLong() + ": " + saved.path("written"));
        }
    }

    @Command(name = "delete", description = "Deletes entities in a new version.")
    static final class Delete extends ModelAction implements Runnable {
        @Parameters(index = "1..*", paramLabel = "ENTITY")
        List<String> entities;

        Delete(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            String session = new ProjectSessions(this).running(project);
            JsonNode saved = throughRelay(session, relay -> {
                long head = relay.request(SERVICE, message("Model.Info"), TIMEOUT)
                        .path("version")
                        .asLong();
                return relay.request(
                        SERVICE, message("Model.Save", "expectedVersion", head, "delete", entities), TIMEOUT);
            });
            context.out().println("version " + saved.path("version").asLong());
        }
    }

    @Command(name = "history", description = "Lists versions, newest first; * marks the current one, + its line.")
    static final class History extends ModelAction implements Runnable {
        @Option(names = "--limit", defaultValue = "50")
        int limit;

        History(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            for (JsonNode version : model("Model.History", "limit", limit)) {
                String mark = version.path("current").asBoolean()
                        ? "*"
                        : version.path("onLine").asBoolean() ? "+" : " ";
                context.out()
                        .printf(
                                "%s %5d  %-20s %-16s %s%s%n",
                                mark,
                                version.path("version").asLong(),
                                version.path("time").asText().replaceAll("\\.\\d+Z$", "Z"),
                                version.path("author").asText(),
                                version.path("message").asText(""),
                                version.path("labels").isEmpty() ? "" : "  " + version.path("labels"));
            }
        }
    }

    @Command(name = "undo", description = "Goes back to the version before the current one.")
    static final class Undo extends ModelAction implements Runnable {
        Undo(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            context.out()
                    .println("at version " + model("Model.Undo").path("version").asLong());
        }
    }

    @Command(name = "redo", description = "Goes forward to the version undone last.")
    static final class Redo extends ModelAction implements Runnable {
        Redo(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            context.out()
                    .println("at version " + model("Model.Redo").path("version").asLong());
        }
    }

    @Command(name = "checkout", description = "Makes an old version current; the next change branches from it.")
    static final class Checkout extends ModelAction implements Runnable {
        @Parameters(index = "1", paramLabel = "VERSION")
        long version;

        Checkout(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            context.out()
                    .println("at version "
                            + model("Model.Checkout", "version", version)
                                    .path("version")
                                    .asLong());
        }
    }

    @Command(name = "label", description = "Labels a version.")
    static final class Label extends ModelAction implements Runnable {
        @Parameters(index = "1", paramLabel = "VERSION")
        long version;

        @Parameters(index = "2", paramLabel = "LABEL")
        String label;

        Label(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(model("Model.Label", "version", version, "label", label));
        }
    }

    @Command(name = "unlabel", description = "Removes a label.")
    static final class Unlabel extends ModelAction implements Runnable {
        @Parameters(index = "1", paramLabel = "LABEL")
        String label;

        Unlabel(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            done(model("Model.Unlabel", "label", label));
        }
    }

    @Command(name = "diff", description = "What changed between two versions.")
    static final class Diff extends ModelAction implements Runnable {
        @Parameters(index = "1", paramLabel = "FROM")
        long from;

        @Parameters(index = "2", paramLabel = "TO")
        long to;

        Diff(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JsonNode diff = model("Model.Diff", "from", from, "to", to);
            diff.path("added").forEach(id -> context.out().println("+ " + id.asText()));
            diff.path("removed").forEach(id -> context.out().println("- " + id.asText()));
            diff.path("changed").forEach(id -> context.out().println("~ " + id.asText()));
        }
    }

    @Command(
            name = "export",
            description = "Writes the project with its whole history to FILE (opens the project briefly if needed).")
    static final class Export extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        Export(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            ProjectSessions sessions = new ProjectSessions(this);
            String id = sessions.projectId(project);
            long size = sessions.withSession(id, session -> throughRelay(session, relay -> download(relay, file)));
            context.out().println("exported project " + id + " to " + file + " (" + size + " bytes)");
        }
    }

    @Command(
            name = "import",
            description = "Creates a project from an exported FILE, with its whole history; prints its id.")
    static final class Import extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--name", description = "the new project's name (default: the file's name)")
        String name;

        Import(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            if (!Files.isReadable(file)) {
                throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot read " + file);
            }
            String projectName =
                    name != null ? name : file.getFileName().toString().replaceAll("(\\.otmodel)?\\.zip$", "");
            String id = call("Project.Create", Map.of("name", projectName))
                    .path("id")
                    .asText();
            try {
                new ProjectSessions(this)
                        .withSession(
                                id,
                                session -> throughRelay(
                                        session,
                                        relay -> relay.request(
                                                SERVICE,
                                                message("Model.Import", "upload", stage(relay, file)),
                                                TIMEOUT)));
            } catch (RuntimeException e) {
                // A project without the archive's model is not what was asked for: take it back.
                call("Project.Delete", Map.of("project", id));
                throw e;
            }
            // The id alone on stdout, as 'projects create' prints it, for scripts.
            context.out().println(id);
        }
    }

    /** Sends a file in parts with {@code Model.StageData}; returns the upload id. */
    static String stage(SessionRelay relay, Path file) {
        return stage(relay, file, sent -> {});
    }

    /** Like {@link #stage(SessionRelay, Path)}, telling {@code progress} the bytes sent after each part. */
    static String stage(SessionRelay relay, Path file, LongConsumer progress) {
        try (InputStream in = Files.newInputStream(file)) {
            String upload = null;
            byte[] part;
            boolean first = true;
            long sent = 0;
            while ((part = in.readNBytes(CHUNK)).length > 0 || first) {
                first = false;
                upload = relay.request(
                                SERVICE,
                                message(
                                        "Model.StageData",
                                        "upload",
                                        upload,
                                        "data",
                                        Base64.getEncoder().encodeToString(part)),
                                TIMEOUT)
                        .path("upload")
                        .asText();
                sent += part.length;
                progress.accept(sent);
                if (part.length < CHUNK) {
                    break;
                }
            }
            return upload;
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Exports the model and writes the archive to the file (through a temporary file, so a failure leaves none). */
    static long download(SessionRelay relay, Path file) {
        JsonNode export = relay.request(SERVICE, message("Model.Export"), TIMEOUT);
        Path partial = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        try {
            long offset = 0;
            try (OutputStream out = Files.newOutputStream(partial)) {
                JsonNode piece;
                do {
                    piece = relay.request(
                            SERVICE,
                            message(
                                    "Model.ExportRead",
                                    "export",
                                    export.path("export").asText(),
                                    "offset",
                                    offset),
                            TIMEOUT);
                    byte[] bytes = Base64.getDecoder().decode(piece.path("data").asText());
                    out.write(bytes);
                    offset += bytes.length;
                } while (!piece.path("eof").asBoolean());
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return offset;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (!node.isObject()) {
                throw new ExitException(ExitCode.INVALID_CONFIGURATION, "--properties must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "--properties is not JSON: " + e.getMessage());
        }
    }
}
