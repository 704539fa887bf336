package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resource requests and limits per service type, from a compact text:
 * {@code default=cpu:250m/2,memory:256Mi/1Gi;model=cpu:500m/2,memory:512Mi/2Gi}. Each entry is
 * {@code <type>=<resource>:<request>[/<limit>],...}; entries are separated by {@code ;}. The
 * type {@code default} applies to every type not named. Resources: cpu, memory,
 * ephemeral-storage; quantities as Kubernetes writes them (250m, 1.5, 512Mi, 2Gi).
 */
public final class PodResources {
    /** The default when an operator names none: enough for a JVM session service at rest, room to work. */
    public static final String DEFAULT_TEXT = "default=cpu:100m/2,memory:256Mi/1Gi";

    public static final String DEFAULT_TYPE = "default";
    private static final Set<String> RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Pattern QUANTITY =
            Pattern.compile("(\\d+(\\.\\d+)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    /** Requests and limits of one type, by resource name; immutable. */
    private record Entry(Map<String, Quantity> requests, Map<String, Quantity> limits) {}

    private final Map<String, Entry> byType;

    private PodResources(Map<String, Entry> byType) {
        this.byType = byType;
    }

    public static PodResources defaults() {
        return parse(DEFAULT_TEXT);
    }

    /**
     * @throws IllegalArgumentException with a one-line reason naming the bad part
     */
    public static PodResources parse(String text) {
        Map<String, Entry> byType = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty; write type=cpu:250m/2,memory:256Mi/1Gi;...");
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        "'" + part.strip() + "' has no '=': write <type>=<resource>:<request>[/<limit>],...");
            }
            String type = part.substring(0, equals).strip();
            if (!TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException(
                        "'" + type + "' is not a service type (lower-case letters, digits, '-')");
            }
            if (byType.containsKey(type)) {
                throw new IllegalArgumentException("service type '" + type + "' is given twice");
            }
            byType.put(type, entry(type, part.substring(equals + 1)));
        }
        if (!byType.containsKey(DEFAULT_TYPE)) {
            byType.put(DEFAULT_TYPE, parse(DEFAULT_TEXT).byType.get(DEFAULT_TYPE));
        }
        return new PodResources(Map.copyOf(byType));
    }

    private static Entry entry(String type, String text) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        for (String item : text.split(",")) {
            String[] nameAndValues = item.strip().split(":", 2);
            if (nameAndValues.length != 2) {
                throw new IllegalArgumentException(
                        type + ": '" + item.strip() + "' is not <resource>:<request>[/<limit>]");
            }
            String resource = nameAndValues[0].strip();
            if (!RESOURCES.contains(resource)) {
                throw new IllegalArgumentException(
                        type + ": unknown resource '" + resource + "'; valid: cpu, memory, ephemeral-storage");
            }
            if (requests.containsKey(resource)) {
                throw new IllegalArgumentException(type + ": " + resource + " is given twice");
            }
            String[] values = nameAndValues[1].strip().split("/", -1);
            if (values.length > 2) {
                throw new IllegalArgumentException(
                        type + ": '" + nameAndValues[1].strip() + "' is not <request>[/<limit>]");
            }
            Quantity request = quantity(type, resource, values[0]);
            requests.put(resource, request);
            if (values.length == 2) {
                Quantity limit = quantity(type, resource, values[1]);
                if (amount(limit).compareTo(amount(request)) < 0) {
                    throw new IllegalArgumentException(type + ": the " + resource + " limit " + values[1].strip()
                            + " is below its request " + values[0].strip());
                }
                limits.put(resource, limit);
            }
        }
        return new Entry(Map.copyOf(requests), Map.copyOf(limits));
    }

    private static Quantity quantity(String type, String resource, String text) {
        String value = text.strip();
        if (!QUANTITY.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    type + ": '" + value + "' is not a quantity for " + resource + " (e.g. 250m, 2, 512Mi, 1Gi)");
        }
        return new Quantity(value);
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity.getNumericalAmount();
    }

    /** The requests and limits of a service type's pods (the default's for a type not named). */
    public ResourceRequirements forType(String serviceType) {
        Entry entry = byType.getOrDefault(serviceType, byType.get(DEFAULT_TYPE));
        return new ResourceRequirementsBuilder()
                .withRequests(new TreeMap<>(entry.requests()))
                .withLimits(new TreeMap<>(entry.limits()))
                .build();
    }
}
