package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.opentwinj.platform.compute.model.ModelAccess;
import org.opentwinj.platform.session.CommandSpec;

/** Saves outputs at the session's Model: payloads staged first, then one {@code Model.Save}. */
public final class ModelResultSaver implements ResultSaver {
    private final String service;
    private final ModelAccess model;

    /** @param service this service's name in the session (the outputs' origin) */
    public ModelResultSaver(String service, ModelAccess model) {
        this.service = service;
        this.model = model;
    }

    @Override
    public long save(CommandSpec command, Params params, List<Output> outputs, String message, String job) {
        return model.saveForJob(job, message, puts(command, params, outputs, null))
                .version();
    }

    /**
     * The outputs as {@code Model.Save} puts, their payloads staged at the Model.
     *
     * @param firstId the id the first output keeps (a parametric re-run), or null for new entities
     */
    public List<ObjectNode> puts(CommandSpec command, Params params, List<Output> outputs, String firstId) {
        List<ObjectNode> puts = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Output output = outputs.get(i);
            String id = i == 0 ? firstId : null;
            String staged;
            if (output.data() != null) {
                staged = model.stage(output.data());
            } else if (output.upload() != null && id == null) {
                staged = output.upload();
            } else {
                // A rebuilt entity keeps the uploaded payload it has: its upload was used by the first save.
                staged = null;
            }
            puts.add(Puts.of(service, command, params, output, id, staged));
        }
        return puts;
    }
}
