package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.names.NameRule;

/**
 * Writes the web client's wire types ({@code clients/web/src/lib/contract.ts}) from the
 * contract: the state unions, the state lists, and the messages the client sends and reads.
 * Pure: it returns the file's text; {@link WebContractTest} compares or writes it.
 */
final class WebContract {
    /** The messages of the web client, in the order they are written (a record before those that use it). */
    static final List<Class<? extends Record>> MESSAGES = List.of(
            ServiceStatus.class,
            SessionEvent.class,
            Participant.class,
            SessionView.class,
            NewSessionRequest.class,
            SessionRequest.class,
            EventsRequest.class,
            ListRequest.class,
            LogsRequest.class,
            ParamSpec.class,
            CommandSpec.class,
            ServiceCommands.class,
            SessionCommands.class,
            CommandRequest.class,
            CommandReply.class,
            JobView.class,
            JobRequest.class,
            JobListRequest.class,
            JobEvent.class,
            EntityOrigin.class);

    static final String REGENERATE =
            "./mvnw -B -q -pl platform/session-api -am test -Dtest=WebContractTest -Dsurefire.failIfNoSpecifiedTests=false -Dopentwin.contract.write=true";

    private WebContract() {}

    static String typeScript() {
        StringBuilder out = new StringBuilder();
        out.append(
                "// Generated from platform/session-api (org.opentwinj.platform.session) by WebContractTest: do not edit.\n");
        out.append("// Regenerate after changing the contract: ")
                .append(REGENERATE)
                .append('\n');
        out.append('\n');
        out.append("/** Where a session is in its life (SessionState). */\n");
        out.append("export type SessionState = ")
                .append(union(SessionState.values()))
                .append(";\n\n");
        out.append(
                "/** Not over yet: the session holds its project; use it (or wait for it), never open another. */\n");
        out.append("export const ACTIVE: SessionState[] = ")
                .append(list(SessionState.active()))
                .append(";\n");
        out.append("/** Clients may talk to its services (also while one of them restarts). */\n");
        out.append("export const SERVING: SessionState[] = ")
                .append(list(SessionState.serving()))
                .append(";\n");
        out.append("/** Over: nothing of it runs any more. */\n");
        out.append("export const ENDED: SessionState[] = ")
                .append(list(SessionState.ended()))
                .append(";\n\n");
        out.append("/** Where a job is in its life (JobState). */\n");
        out.append("export type JobState = ").append(union(JobState.values())).append(";\n");
        out.append("/** A job in one of these will not change again. */\n");
        out.append("export const JOB_ENDED: JobState[] = ")
                .append(list(JobState.ended()))
                .append(";\n");
        out.append("/** The type of a command's parameter or an entity's typed property (ParamType). */\n");
        out.append("export type ParamType = ").append(union(ParamType.values())).append(";\n\n");
        out.append("/** A session service's state (ServiceState). */\n");
        out.append("export type ServiceState = ")
                .append(union(ServiceState.values()))
                .append(";\n");
        out.append('\n').append(nameRules());
        for (Class<? extends Record> message : MESSAGES) {
            out.append('\n')
                    .append("export interface ")
                    .append(message.getSimpleName())
                    .append(" {\n");
            for (RecordComponent component : message.getRecordComponents()) {
                boolean optional = component.isAnnotationPresent(OptionalField.class);
                out.append("  ")
                        .append(component.getName())
                        .append(optional ? "?: " : ": ")
                        .append(type(component.getGenericType()))
                        .append(optional ? " | null" : "")
                        .append(";\n");
            }
            out.append("}\n");
        }
        return out.toString();
    }

    /**
     * The rules for names ({@link NameRule}), which the servers enforce and the forms show and
     * check as the user types: the patterns are read with JavaScript's {@code u} flag.
     */
    private static String nameRules() {
        StringBuilder out = new StringBuilder();
        out.append(
                "/** A rule for one kind of name (NameRule): length in code points, after trimming NAME_TRIMMED at both ends. */\n");
        out.append("export interface NameRule {\n");
        out.append("  noun: string;\n  maxLength: number;\n  pattern: string;\n  description: string;\n}\n\n");
        out.append("/** The kinds of names people choose. */\n");
        out.append("export type NameKind = ").append(union(NameRule.values())).append(";\n\n");
        out.append(
                "/** Dropped at either end of a name before it is checked (a regular expression character class). */\n");
        out.append("export const NAME_TRIMMED = ")
                .append(quote(NameRule.TRIMMED))
                .append(";\n\n");
        out.append("/** The rule of each kind of name, as AUTH and the Model service enforce it. */\n");
        out.append("export const NAME_RULES: Record<NameKind, NameRule> = {\n");
        for (NameRule rule : NameRule.values()) {
            out.append("  ")
                    .append(rule.name())
                    .append(": { noun: ")
                    .append(quote(rule.noun()))
                    .append(", maxLength: ")
                    .append(rule.maxLength())
                    .append(", pattern: ")
                    .append(quote(rule.pattern()))
                    .append(", description: ")
                    .append(quote(rule.description()))
                    .append(" },\n");
        }
        out.append("};\n");
        return out.toString();
    }

    /** A TypeScript string literal (single quotes, as the rest of the client writes them). */
    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String type(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                return type(arguments[0]) + "[]";
            }
            if (raw == Map.class && arguments[0] == String.class) {
                return "Record<string, " + type(arguments[1]) + ">";
            }
        } else if (type instanceof Class<?> plain) {
            if (plain == String.class || plain == URI.class || plain == Instant.class) {
                return "string";
            }
            if (plain == JsonNode.class) {
                return "unknown";
            }
            if (plain == long.class
                    || plain == Long.class
                    || plain == int.class
                    || plain == Integer.class
                    || plain == double.class
                    || plain == Double.class) {
                return "number";
            }
            if (plain == boolean.class || plain == Boolean.class) {
                return "boolean";
            }
            if ((plain.isEnum() || plain.isRecord()) && plain.getPackage() == WebContract.class.getPackage()) {
                return plain.getSimpleName();
            }
        }
        throw new IllegalArgumentException(
                "no TypeScript type for " + type.getTypeName() + ": teach WebContract.type()");
    }

    private static String union(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> "'" + v.name() + "'").collect(Collectors.joining(" | "));
    }

    private static String list(List<? extends Enum<?>> values) {
        return values.stream().map(v -> "'" + v.name() + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
