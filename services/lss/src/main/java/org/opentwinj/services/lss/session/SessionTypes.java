package org.opentwinj.services.lss.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;

/**
 * The session types an LSS can start and the services each one runs, written as
 * {@code type=name[:service][start],...;type2=...}: an entry without {@code :service} runs the
 * service of that name; {@code start} is empty or {@code @open} for a service started when the
 * session opens, {@code ?} or {@code @demand} for one started by the first message for it,
 * and {@code ?<idle>} (e.g. {@code ?90s}, {@code ?10m}, {@code ?500ms}) for an on-demand one
 * with its own idle time. Example: {@code default=model,echo;compute=model,echo?;echo3=echo-1:echo,echo-2:echo}.
 * The platform's own types are {@link BuiltInSessionTypes}.
 */
public record SessionTypes(Map<String, List<ServiceSlot>> types) {
    public SessionTypes {
        types = Map.copyOf(types);
    }

    /**
     * @throws IllegalArgumentException with a reason fit for a configuration error
     */
    public static SessionTypes parse(String text) {
        Map<String, List<ServiceSlot>> types = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not type=service,...");
            }
            String type = entry.substring(0, equals).strip();
            if (!ServiceSlot.NAME.matcher(type).matches()) {
                throw new IllegalArgumentException(
                        "session type '" + type + "' must be lower case letters, digits and '-'");
            }
            List<ServiceSlot> slots = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (String service : entry.substring(equals + 1).split(",")) {
                ServiceSlot slot = slot(type, service.strip());
                if (!names.add(slot.name())) {
                    throw new IllegalArgumentException("type '" + type + "' names service '" + slot.name() + "' twice");
                }
                slots.add(slot);
            }
            if (types.put(type, List.copyOf(slots)) != null) {
                throw new IllegalArgumentException("session type '" + type + "' is defined twice");
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no session type defined");
        }
        return new SessionTypes(types);
    }

    private static final Pattern IDLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /** One entry: {@code name[:service]} with its start ({@code @open}, {@code @demand}, {@code ?}, {@code ?<idle>}). */
    private static ServiceSlot slot(String type, String entry) {
        String rest = entry;
        boolean onDemand = false;
        Duration idle = null;
        int question = rest.indexOf('?');
        int at = rest.indexOf('@');
        if (question >= 0) {
            onDemand = true;
            idle = idleTime(type, entry, rest.substring(question + 1));
            rest = rest.substring(0, question);
        } else if (at >= 0) {
            String start = rest.substring(at + 1);
            if (!start.equals("open") && !start.equals("demand")) {
                throw new IllegalArgumentException(
                        "'" + entry + "' in type '" + type
                                + "': a service starts @open (when the session opens) or @demand (by the first message for it)");
            }
            onDemand = start.equals("demand");
            rest = rest.substring(0, at);
        }
        String[] parts = rest.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException(
                    "'" + entry + "' in type '" + type + "' is not name[:service][@open|@demand|?[idle]]");
        }
        return new ServiceSlot(parts[0], parts.length == 2 ? parts[1] : parts[0], onDemand, idle);
    }

    private static Duration idleTime(String type, String entry, String text) {
        if (text.isEmpty()) {
            return null;
        }
        Matcher matcher = IDLE.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("'" + entry + "' in type '" + type
                    + "': the idle time after '?' is a positive number with ms, s, m or h, e.g. ?90s");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** @throws org.opentwinj.platform.error.PublicException 400 naming the known types */
    public List<ServiceSlot> require(String type) {
        List<ServiceSlot> slots = types.get(type);
        if (slots == null) {
            throw new PublicException("unknown session type '" + type + "'; this LSS knows "
                    + String.join(", ", new TreeSet<>(types.keySet())));
        }
        return slots;
    }

    /** The services of a type, if this LSS knows it. */
    public Optional<List<ServiceSlot>> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public List<String> names() {
        return List.copyOf(new TreeSet<>(types.keySet()));
    }
}
