package org.opentwinj.platform.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import org.opentwinj.platform.json.OptionalField;

/**
 * One service of a session as its LSS last reported it.
 *
 * @param url   where it serves, once known (left out of the JSON until then)
 * @param state its state
 */
public record ServiceStatus(
        @OptionalField @JsonInclude(JsonInclude.Include.NON_NULL)
        URI url,

        ServiceState state) {}
