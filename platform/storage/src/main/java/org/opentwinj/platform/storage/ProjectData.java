package org.opentwinj.platform.storage;

import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a project's model data lives in the platform's database: collections named
 * {@code model_<project>_...}. The Model service owns them; AUTH only looks, so that a project
 * is never removed from the catalog while data of it remains.
 */
public final class ProjectData {
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** The model data collections, after the prefix ({@code _jobs}: the session's job board). */
    public static final List<String> SUFFIXES =
            List.of("_entities", "_states", "_meta", "_blobs.files", "_blobs.chunks", "_jobs");

    private ProjectData() {}

    /** @throws IllegalArgumentException for something that is not a project id */
    public static String prefix(String project) {
        if (project == null || !PROJECT.matcher(project).matches()) {
            throw new IllegalArgumentException("not a project id: " + project);
        }
        return "model_" + project.replace('-', '_');
    }

    /** Whether the project has any model data (versions, entities or payloads). */
    public static boolean hasData(MongoDatabase database, String project) {
        String prefix = prefix(project);
        for (String suffix : List.of("_states", "_entities", "_blobs.files")) {
            if (database.getCollection(prefix + suffix).countDocuments() > 0) {
                return true;
            }
        }
        return false;
    }
}
