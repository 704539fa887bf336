package org.opentwinj.services.model.save;

import java.util.List;
import java.util.Map;

/**
 * The reply to {@code Model.Save}.
 *
 * @param version the new model version
 * @param written the id and version of every entity written (new ids included)
 * @param deleted the ids deleted
 * @param full    whether the version was stored in full (else as a delta)
 */
public record SaveResult(long version, Map<String, Long> written, List<String> deleted, boolean full) {}
