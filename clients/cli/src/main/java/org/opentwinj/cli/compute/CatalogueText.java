package org.opentwinj.cli.compute;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;
import org.opentwinj.platform.session.ServiceCommands;
import org.opentwinj.platform.session.SessionCommands;

/** What {@code opentwin do PROJECT --help} and {@code opentwin do PROJECT SERVICE COMMAND --help} print. */
public final class CatalogueText {
    private CatalogueText() {}

    /** The session's commands, per service, ordered by toolbar page and group as the web client shows them. */
    public static void printSession(String project, SessionCommands catalogue, PrintStream out) {
        out.println("Usage: opentwin do " + project + " SERVICE COMMAND [--set NAME=VALUE]... [--detach]");
        out.println();
        out.println("The commands of session " + catalogue.session() + ":");
        boolean any = false;
        for (ServiceCommands service : catalogue.services()) {
            List<CommandSpec> commands = service.commands().stream()
                    .sorted(Comparator.comparing(CommandSpec::page).thenComparing(CommandSpec::group))
                    .toList();
            if (commands.isEmpty()) {
                continue;
            }
            any = true;
            out.println();
            out.printf("  %-12s %-28s %-24s %s%n", "SERVICE", "PAGE / GROUP", "COMMAND", "TITLE");
            for (CommandSpec command : commands) {
                out.printf(
                        "  %-12s %-28s %-24s %s%s%n",
                        service.service(),
                        command.page() + " / " + command.group(),
                        command.name(),
                        command.title(),
                        command.job() ? " (job)" : "");
            }
        }
        if (!any) {
            out.println("  (none known yet)");
        }
        for (String unknown : catalogue.unknown()) {
            out.println();
            out.println("  " + unknown + ": its commands are not known yet (it has not run on this platform);"
                    + " 'opentwin do " + project + " " + unknown + " --help' starts it and lists them");
        }
        out.println();
        out.println("'opentwin do " + project + " SERVICE COMMAND --help' lists a command's parameters.");
    }

    /** The commands of one service (asked of the service itself). */
    public static void printService(String project, ServiceCommands service, PrintStream out) {
        out.println("Usage: opentwin do " + project + " " + service.service()
                + " COMMAND [--set NAME=VALUE]... [--detach]");
        out.println();
        out.println("The commands of " + service.service() + ":");
        for (CommandSpec command : service.commands()) {
            out.printf(
                    "  %-28s %-24s %s%s%n",
                    command.page() + " / " + command.group(),
                    command.name(),
                    command.title(),
                    command.job() ? " (job)" : "");
        }
    }

    /** One command: what it does, then each parameter's type, unit, rules, default and help. */
    public static void printCommand(String project, String service, CommandSpec command, PrintStream out) {
        out.println("Usage: opentwin do " + project + " " + service + " " + command.name()
                + (command.params().isEmpty() ? "" : " --set NAME=VALUE...") + (command.job() ? " [--detach]" : ""));
        out.println();
        out.println(command.title() + " (" + command.page() + " / " + command.group() + ")"
                + (command.job() ? ", runs as a job" : "")
                + (command.makes() != null ? ", makes a " + command.makes() : ""));
        if (command.help() != null) {
            out.println(command.help());
        }
        out.println();
        if (command.params().isEmpty()) {
            out.println("No parameters.");
            return;
        }
        out.println("Parameters:");
        for (ParamSpec param : command.params()) {
            out.println("  " + param.name() + "  " + ParamRules.typeOf(param)
                    + (Boolean.TRUE.equals(param.optional()) ? ", optional" : "")
                    + (param.title() != null && !param.title().equals(param.name()) ? "  " + param.title() : ""));
            String rules = ParamRules.rules(param);
            if (!rules.isEmpty()) {
                out.println("      " + rules);
            }
            if (param.defaultValue() != null && !param.defaultValue().isNull()) {
                out.println("      default: " + shown(param));
            }
            if (param.help() != null) {
                out.println("      " + param.help());
            }
        }
        out.println();
        out.println("Numbers may carry their unit (e.g. 2.5mm), only the parameter's own. ENTITY takes an entity's"
                + " name or id; FILE a local path, uploaded first; LIST repeats --set or separates items with ;.");
    }

    private static String shown(ParamSpec param) {
        if (param.type() == ParamType.VECTOR3 && param.defaultValue().isArray()) {
            StringBuilder text = new StringBuilder();
            param.defaultValue()
                    .forEach(component ->
                            text.append(text.isEmpty() ? "" : ",").append(ParamRules.number(component.asDouble())));
            return text + (param.unit() == null ? "" : " " + param.unit());
        }
        String value = param.defaultValue().isTextual()
                ? param.defaultValue().asText()
                : param.defaultValue().isNumber()
                        ? ParamRules.number(param.defaultValue().asDouble())
                        : param.defaultValue().toString();
        return param.type() == ParamType.NUMBER && param.unit() != null ? value + " " + param.unit() : value;
    }
}
