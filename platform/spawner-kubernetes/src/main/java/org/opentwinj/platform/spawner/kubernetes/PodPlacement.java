package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where session pods may run: a node selector ({@code key=value,...}) and tolerations in the
 * syntax of {@code kubectl taint}: {@code key[=value][:effect],...}, where a value means
 * operator Equal, no value means Exists, and no effect tolerates every effect. E.g. the
 * Windows nodes of the thesis: {@code --node-selector kubernetes.io/os=windows
 * --tolerations os=windows:NoSchedule}.
 *
 * @param nodeSelector labels a node must have
 * @param tolerations  taints the pods tolerate
 */
public record PodPlacement(Map<String, String> nodeSelector, List<Toleration> tolerations) {
    private static final Pattern KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    public PodPlacement {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
    }

    public static PodPlacement anywhere() {
        return new PodPlacement(Map.of(), List.of());
    }

    /** The node selector as a pod's spec holds it: sorted, and absent (null) when empty. */
    public Map<String, String> podNodeSelector() {
        return nodeSelector.isEmpty() ? null : new TreeMap<>(nodeSelector);
    }

    /** @throws IllegalArgumentException with a one-line reason */
    public static Map<String, String> parseNodeSelector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return selector;
        }
        for (String item : text.split(",")) {
            String[] pair = item.strip().split("=", 2);
            if (pair.length != 2
                    || !KEY.matcher(pair[0].strip()).matches()
                    || !VALUE.matcher(pair[1].strip()).matches()) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a label key=value");
            }
            selector.put(pair[0].strip(), pair[1].strip());
        }
        return selector;
    }

    /** @throws IllegalArgumentException with a one-line reason */
    public static List<Toleration> parseTolerations(String text) {
        List<Toleration> tolerations = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return tolerations;
        }
        for (String item : text.split(",")) {
            String spec = item.strip();
            String effect = null;
            int colon = spec.lastIndexOf(':');
            if (colon >= 0) {
                effect = spec.substring(colon + 1);
                spec = spec.substring(0, colon);
                if (!EFFECTS.contains(effect)) {
                    throw new IllegalArgumentException("'" + item.strip() + "': effect '" + effect
                            + "' is not NoSchedule, PreferNoSchedule or NoExecute");
                }
            }
            String[] keyValue = spec.split("=", 2);
            if (!KEY.matcher(keyValue[0]).matches()
                    || (keyValue.length == 2 && !VALUE.matcher(keyValue[1]).matches())) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not key[=value][:effect]");
            }
            TolerationBuilder toleration =
                    new TolerationBuilder().withKey(keyValue[0]).withEffect(effect);
            if (keyValue.length == 2) {
                toleration.withOperator("Equal").withValue(keyValue[1]);
            } else {
                toleration.withOperator("Exists");
            }
            tolerations.add(toleration.build());
        }
        return tolerations;
    }
}
