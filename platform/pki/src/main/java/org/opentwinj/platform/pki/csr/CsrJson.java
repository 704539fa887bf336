package org.opentwinj.platform.pki.csr;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * Reads CSR JSON by walking the tree rather than binding it to classes, so that every
 * error names the exact field ({@code names[1].OU}, {@code key.size}) in words a user of
 * cfssl understands, instead of a Jackson binding message.
 */
final class CsrJson {
    private static final Set<String> TOP_LEVEL = Set.of("CN", "hosts", "key", "names", "ca");
    private static final Set<String> KEY_FIELDS = Set.of("algo", "size");
    private static final Set<String> NAME_FIELDS = Set.of("C", "ST", "L", "O", "OU");
    private static final Set<String> CA_FIELDS = Set.of("expiry");

    private CsrJson() {}

    static CertificateRequest parse(String json) {
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new PkiInputException("CSR JSON must be an object like {\"CN\": \"name\"}");
        }
        refuseUnknown(root, TOP_LEVEL, "");
        String commonName = optionalText(root, "CN", "CN");
        if (commonName == null) {
            throw new PkiInputException("CN is required in CSR JSON");
        }
        List<Host> hosts = new ArrayList<>();
        for (JsonNode host : optionalArray(root, "hosts", "hosts")) {
            if (!host.isTextual()) {
                throw new PkiInputException("hosts must hold only strings, found " + host);
            }
            hosts.add(Host.parse(host.asText()));
        }
        return new CertificateRequest(commonName, hosts, key(root.get("key")), names(root), caExpiry(root.get("ca")));
    }

    private static JsonNode readTree(String json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new PkiInputException("CSR JSON is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position =
                    where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new PkiInputException("CSR JSON is not valid JSON: " + oneLine(e.getOriginalMessage()) + position);
        }
    }

    private static KeySpec key(JsonNode key) {
        if (key == null || key.isNull()) {
            return KeySpec.DEFAULT;
        }
        requireObject(key, "key");
        refuseUnknown(key, KEY_FIELDS, "key.");
        String algo = optionalText(key, "algo", "key.algo");
        KeySpec.Algorithm algorithm = algo == null ? KeySpec.Algorithm.ECDSA : KeySpec.Algorithm.parse(algo);
        JsonNode size = key.get("size");
        if (size == null || size.isNull()) {
            return KeySpec.defaultFor(algorithm);
        }
        if (!size.canConvertToInt() || !size.isIntegralNumber()) {
            throw new PkiInputException("key.size must be a whole number like 256 or 2048, found " + size);
        }
        return new KeySpec(algorithm, size.intValue());
    }

    private static List<SubjectName> names(JsonNode root) {
        List<SubjectName> names = new ArrayList<>();
        int index = 0;
        for (JsonNode name : optionalArray(root, "names", "names")) {
            String field = "names[" + index++ + "]";
            requireObject(name, field);
            refuseUnknown(name, NAME_FIELDS, field + ".");
            SubjectName subjectName = new SubjectName(
                    optionalText(name, "C", field + ".C"),
                    optionalText(name, "ST", field + ".ST"),
                    optionalText(name, "L", field + ".L"),
                    optionalText(name, "O", field + ".O"),
                    optionalText(name, "OU", field + ".OU"));
            checkSubjectName(subjectName, field);
            if (!subjectName.isEmpty()) {
                names.add(subjectName);
            }
        }
        return names;
    }

    /** The limits X.509 (RFC 5280, appendix A) sets, which certificate readers enforce. */
    private static void checkSubjectName(SubjectName name, String field) {
        if (name.country() != null && !name.country().matches("[A-Za-z]{2}")) {
            throw new PkiInputException(
                    field + ".C must be a two-letter country code like DE or US, found '" + name.country() + "'");
        }
        checkLength(name.state(), 128, field + ".ST");
        checkLength(name.locality(), 128, field + ".L");
        checkLength(name.organization(), 64, field + ".O");
        checkLength(name.organizationalUnit(), 64, field + ".OU");
    }

    private static void checkLength(String value, int most, String field) {
        if (value != null && (value.isEmpty() || value.length() > most)) {
            throw new PkiInputException(field + " must have 1 to " + most + " characters, found " + value.length());
        }
    }

    private static Optional<Duration> caExpiry(JsonNode ca) {
        if (ca == null || ca.isNull()) {
            return Optional.empty();
        }
        requireObject(ca, "ca");
        refuseUnknown(ca, CA_FIELDS, "ca.");
        String expiry = optionalText(ca, "expiry", "ca.expiry");
        return expiry == null ? Optional.empty() : Optional.of(Durations.parse("ca.expiry", expiry));
    }

    private static void refuseUnknown(JsonNode object, Set<String> known, String prefix) {
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!known.contains(field)) {
                throw new PkiInputException("unknown field '" + prefix + field + "' in CSR JSON");
            }
        }
    }

    private static void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new PkiInputException(field + " must be an object, found "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The text of a string field, null when absent or JSON null; blank strings count as absent. */
    private static String optionalText(JsonNode object, String name, String field) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new PkiInputException(field + " must be a string, found " + value);
        }
        return value.asText().isBlank() ? null : value.asText().strip();
    }

    private static Iterable<JsonNode> optionalArray(JsonNode object, String name, String field) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new PkiInputException(field + " must be an array, found "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
