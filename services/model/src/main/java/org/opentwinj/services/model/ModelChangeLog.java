package org.opentwinj.services.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change of the model in words, at INFO ("carol saved v7: added entity 'Box 2'"), so that
 * the session's log (the web client's logs pane, through the logger) says who changed what and
 * which version it made. The lines carry the request's log context (action, user) and, in a
 * session, the session: the pane tells the model's changes from other records by their action.
 */
final class ModelChangeLog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelChangeLog.class);
    /** The most entity names a line lists per kind of change ("and 3 more" after them). */
    static final int NAMES = 5;

    void saved(ProjectModel m, String author, long on, long version, String message) {
        String what;
        try {
            what = describe(m, on, version);
        } catch (RuntimeException e) {
            // The save succeeded; only its description failed: say so, with the cause, and still log the change.
            LOG.warn("could not describe version {} of project {} for the change log", version, m.project(), e);
            what = "(what changed could not be read)";
        }
        LOG.info(
                "{} saved v{}{}{}: {}",
                author,
                version,
                on == 0 ? "" : " on v" + on,
                message == null || message.isBlank() ? "" : " (\"" + message.strip() + "\")",
                what);
    }

    void undone(String author, long undone, long now) {
        LOG.info("{} undid v{}: the model is at v{}", author, undone, now);
    }

    void redone(String author, long version, List<Long> redo) {
        LOG.info("{} redid v{}{}", author, version, redo.isEmpty() ? "" : "; Redo goes on to v" + redo.getLast());
    }

    void checkedOut(String author, long was, long version, List<Long> redo) {
        LOG.info(
                "{} checked out v{} (was v{}); {}",
                author,
                version,
                was,
                redo.isEmpty() ? "the next save branches here" : "Redo goes to v" + redo.getLast());
    }

    void labelled(String author, String label, long version) {
        LOG.info("{} labelled v{} '{}'", author, version, label);
    }

    void unlabelled(String author, String label, Long version) {
        LOG.info("{} removed the label '{}'{}", author, label, version == null ? "" : " from v" + version);
    }

    void imported(String author, long version, int entities) {
        LOG.info("{} imported the project: v{} with {} entities", author, version, entities);
    }

    void fromTemplate(String author, String template, long version, int entities) {
        LOG.info("{} made v{} from the template '{}' ({} entities)", author, version, template, entities);
    }

    void deleted(String author, String project) {
        LOG.info("{} deleted the project {} with its whole history", author, project);
    }

    /** "added entity 'Box 2'; changed entities 'A', 'B'; removed entity 'C'". */
    static String describe(ProjectModel m, long from, long to) {
        ProjectModel.Diff diff = m.diff(from, to);
        List<String> parts = new ArrayList<>();
        part(parts, "added", diff.added(), m.names(to, first(diff.added())));
        part(parts, "changed", diff.changed(), m.names(to, first(diff.changed())));
        part(parts, "removed", diff.removed(), m.names(from, first(diff.removed())));
        return parts.isEmpty() ? "no entity changed" : String.join("; ", parts);
    }

    private static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(NAMES, ids.size()));
    }

    private static void part(List<String> parts, String verb, List<String> ids, Map<String, String> names) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (String id : first(ids)) {
            shown.add("'" + names.getOrDefault(id, id) + "'");
        }
        String more = ids.size() > NAMES ? " and " + (ids.size() - NAMES) + " more" : "";
        parts.add(verb + " " + (ids.size() == 1 ? "entity " : "entities ") + String.join(", ", shown) + more);
    }
}
