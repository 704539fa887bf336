package org.opentwinj.platform.spawner.kubernetes;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names and labels of the objects the spawner creates, in one place: the LSS's planner
 * uses the same names to publish the URL a session pod serves at, and the manifests select
 * on the same labels.
 */
public final class PodNames {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String SESSION = "opentwin.org/session";
    public static final String SERVICE = "opentwin.org/service";
    public static final String SERVICE_TYPE = "opentwin.org/service-type";
    public static final String PROJECT = "opentwin.org/project";
    public static final String LSS = "opentwin.org/lss";
    /**
     * Set on warm pool pods and kept once taken: the headless pool Service selects it, so a pod
     * placed under the pool's subdomain keeps its DNS name.
     */
    public static final String POOLED = "opentwin.org/pooled";
    /** The component label of session pods, which the headless sessions Service selects. */
    public static final String SESSION_COMPONENT = "session-service";
    /** The port every session pod serves HTTPS on. */
    public static final int PORT = 8443;

    private static final int DNS_LABEL_MAX = 63;

    private PodNames() {}

    /**
     * The pod of a session service: {@code ot-<first 8 characters of the session>-<service>}, a
     * DNS label, since it is also the pod's host name.
     */
    public static String pod(String session, String service) {
        String name =
                "ot-" + dnsPart(session.length() > 8 ? session.substring(0, 8) : session) + "-" + dnsPart(service);
        if (name.length() > DNS_LABEL_MAX) {
            throw new IllegalArgumentException("pod name " + name + " is longer than " + DNS_LABEL_MAX + " characters");
        }
        return name;
    }

    /**
     * The host name and subdomain a pod must have to be reached at {@code url}:
     * {@code https://<host>.<subdomain>.<namespace>.svc:8443}. Empty for a URL of another shape.
     */
    public static Optional<HostAndSubdomain> hostAndSubdomain(URI url, String namespace) {
        String host = url.getHost();
        String suffix = "." + namespace + ".svc";
        if (host == null || !host.endsWith(suffix)) {
            return Optional.empty();
        }
        String[] parts = host.substring(0, host.length() - suffix.length()).split("\\.");
        return parts.length == 2 ? Optional.of(new HostAndSubdomain(parts[0], parts[1])) : Optional.empty();
    }

    /** A pod's {@code spec.hostname} and {@code spec.subdomain}. */
    public record HostAndSubdomain(String hostname, String subdomain) {}

    /** The per-session object that owns the session's pods and secrets. */
    public static String sessionOwner(String session) {
        return "ot-session-" + dnsPart(session);
    }

    /** The host name a session pod is reached by within the cluster. */
    public static String host(String pod, String sessionsService, String namespace) {
        return pod + "." + sessionsService + "." + namespace + ".svc";
    }

    /** Every name a session pod may be dialled by, for its certificate. */
    public static List<String> hostNames(String pod, String sessionsService, String namespace) {
        String host = host(pod, sessionsService, namespace);
        return List.of(
                host,
                host + ".cluster.local",
                pod + "." + sessionsService + "." + namespace,
                pod + "." + sessionsService,
                pod,
                "localhost");
    }

    /** The labels of everything the spawner creates for one session (without the service). */
    public static Map<String, String> sessionLabels(String lssId, String session, String project) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "opentwin");
        labels.put(COMPONENT, SESSION_COMPONENT);
        labels.put(PART_OF, "opentwin");
        labels.put(SESSION, labelValue(session));
        labels.put(PROJECT, labelValue(project));
        labels.put(LSS, labelValue(lssId));
        return labels;
    }

    /** The labels of one session service's pod and secret. */
    public static Map<String, String> serviceLabels(
            String lssId, String session, String project, String service, String serviceType) {
        Map<String, String> labels = sessionLabels(lssId, session, project);
        labels.put(SERVICE, labelValue(service));
        labels.put(SERVICE_TYPE, labelValue(serviceType));
        return labels;
    }

    /**
     * A label value for any text: at most 63 of [A-Za-z0-9-_.], starting and ending with a letter
     * or digit. Ids of the platform (UUIDs, service names) pass unchanged; a project name with
     * other characters gets them replaced (the full name is in an annotation).
     */
    public static String labelValue(String text) {
        String value = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > DNS_LABEL_MAX) {
            value = value.substring(0, DNS_LABEL_MAX);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String dnsPart(String text) {
        String part = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+", "")
                .replaceAll("-+$", "");
        if (part.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no letter or digit for a Kubernetes name");
        }
        return part;
    }
}
