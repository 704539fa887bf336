package org.opentwinj.services.model.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;

/**
 * The built-in project templates: the first version of a new project's model. Each is a
 * resource {@code templates/<name>.json} with a description and the entities to put; any
 * exported project can serve as a template too, by importing it.
 */
public final class Templates {
    /** The templates this version ships, by name. */
    public static final List<String> NAMES = List.of("antenna", "kriging");

    private Templates() {}

    /** Each template's name and description. */
    public static Map<String, String> descriptions() {
        Map<String, String> all = new LinkedHashMap<>();
        for (String name : NAMES) {
            all.put(name, read(name).path("description").asText());
        }
        return all;
    }

    /**
     * The first save of a project made from the template.
     *
     * @throws PublicException 404 for an unknown template
     */
    public static SaveRequest firstSave(String name) {
        if (!NAMES.contains(name)) {
            throw PublicException.notFound("unknown template '" + name + "'; there are " + String.join(", ", NAMES));
        }
        JsonNode template = read(name);
        List<EntityPut> puts = new ArrayList<>();
        for (JsonNode put : template.path("put")) {
            try {
                puts.add(Json.mapper().treeToValue(put, EntityPut.class));
            } catch (IOException e) {
                throw new IllegalStateException("template " + name + " has an invalid entity: " + put, e);
            }
        }
        return new SaveRequest(0, "created from the template '" + name + "'", puts, null);
    }

    private static JsonNode read(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/templates/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("template resource " + name + " is missing from the distribution");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
