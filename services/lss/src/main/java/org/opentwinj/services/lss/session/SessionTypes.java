package org.opentwinj.services.lss.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.opentwinj.platform.error.PublicException;

/**
 * The session types an LSS can start and the services each one runs, written as
 * {@code type=name[:service],...;type2=...} (an entry without {@code :service} runs the service
 * of that name). Example: {@code default=echo;echo3=echo-1:echo,echo-2:echo,echo-3:echo}.
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
                String[] parts = service.strip().split(":", -1);
                if (parts.length > 2 || parts[0].isEmpty()) {
                    throw new IllegalArgumentException(
                            "'" + service.strip() + "' in type '" + type + "' is not name[:service]");
                }
                ServiceSlot slot = new ServiceSlot(parts[0], parts.length == 2 ? parts[1] : parts[0]);
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

    /** @throws org.opentwinj.platform.error.PublicException 400 naming the known types */
    public List<ServiceSlot> require(String type) {
        List<ServiceSlot> slots = types.get(type);
        if (slots == null) {
            throw new PublicException("unknown session type '" + type + "'; this LSS knows "
                    + String.join(", ", new TreeSet<>(types.keySet())));
        }
        return slots;
    }

    public List<String> names() {
        return List.copyOf(new TreeSet<>(types.keySet()));
    }
}
