package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.services.model.SessionFixture.COMPUTE;
import static org.opentwinj.services.model.SessionFixture.SESSION;
import static org.opentwinj.services.model.SessionFixture.job;
import static org.opentwinj.services.model.SessionFixture.ok;
import static org.opentwinj.services.model.SessionFixture.refused;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.Reply;

/**
 * {@code Model.Save} with {@code job}: a job's service saves its results with its own
 * certificate, so a job may outlive its user's token; the job board vouches for the job and
 * its user is the author.
 */
class JobSavesTest {
    private static final String COMPUTE_CN = "CN=" + COMPUTE + "." + SESSION;
    private static final Map<String, String> RESULT = Map.of("type", "result", "name", "Signal");

    @TempDir
    static Path exports;

    private final SessionFixture session = new SessionFixture(exports);

    @BeforeEach
    void tokensOfCarolHaveExpired() {
        // carol started the jobs below with a token that has expired since.
        session.registry.tokenVerifier(token -> {
            if (token.equals("carol")) {
                throw PublicException.unauthorized("the token has expired; log in again");
            }
            return Caller.user(token, Set.of("user"), token);
        });
    }

    @AfterEach
    void close() {
        session.close();
    }

    private Reply saveFor(String subject, String jobId) {
        return session.asService(subject, "Model.Save", "expectedVersion", 0, "put", List.of(RESULT), "job", jobId);
    }

    private static JobView running(String id, String service, String user) {
        JobView job = job(id, service, JobState.RUNNING, 0.9);
        return new JobView(
                job.id(),
                job.service(),
                job.command(),
                job.title(),
                user,
                job.state(),
                job.fraction(),
                null,
                null,
                null,
                job.created(),
                null,
                null,
                null,
                null);
    }

    @Test
    void aRunningJobSavesAfterItsUsersTokenExpiredWithTheUserAsAuthor() {
        ok(session.report(COMPUTE_CN, running("j1", COMPUTE, "carol")));
        // With carol's own token the save is refused now...
        assertThat(session.asUser("carol", "Model.Save", "expectedVersion", 0, "put", List.of(RESULT))
                        .httpStatus())
                .isEqualTo(401);
        // ...her job's service saves for the job, with no token at all.
        JsonNode saved = ok(saveFor(COMPUTE_CN, "j1"));
        assertThat(saved.path("version").asLong()).isEqualTo(1);
        JsonNode history = ok(session.asUser("bob", "Model.History"));
        assertThat(history.get(0).path("author").asText()).isEqualTo("carol");
        assertThat(session.model().head().version()).isEqualTo(1);
    }

    @Test
    void aForgedJobAnotherServicesJobAndAnotherSessionsServiceAreRefused() {
        ok(session.report(COMPUTE_CN, running("j1", COMPUTE, "carol")));
        ok(session.report("CN=mesh." + SESSION, running("m1", "mesh", "carol")));

        assertThat(refused(saveFor(COMPUTE_CN, "forged"), 403))
                .isEqualTo("no job 'forged' on this session's job board: a service saves on behalf of a job it"
                        + " reported");
        assertThat(refused(saveFor(COMPUTE_CN, "m1"), 403)).isEqualTo("job m1 belongs to service mesh, not " + COMPUTE);
        assertThat(refused(saveFor("CN=" + COMPUTE + ".s-2", "j1"), 403))
                .isEqualTo("only a service of this session saves its jobs' results here; " + COMPUTE + ".s-2 is not"
                        + " one");
        assertThat(refused(saveFor("CN=lss", "j1"), 403))
                .isEqualTo("only a service of this session saves its jobs' results here; lss is not one");
        // A user (through the relay) does not name a job: the job's service does.
        assertThat(refused(
                        session.asUser(
                                "alice", "Model.Save", "expectedVersion", 0, "put", List.of(RESULT), "job", "j1"),
                        403))
                .startsWith("a job's results are saved by the job's own service");
        assertThat(session.model().head().version()).isZero();
    }

    @Test
    void aJobThatIsNotRunningIsRefused() {
        ok(session.report(COMPUTE_CN, job("done", COMPUTE, JobState.DONE, 1)));
        ok(session.report(COMPUTE_CN, job("queued", COMPUTE, JobState.QUEUED, 0)));
        ok(session.report(COMPUTE_CN, job("failed", COMPUTE, JobState.FAILED, 0.5)));

        assertThat(refused(saveFor(COMPUTE_CN, "done"), 409))
                .isEqualTo("job done is done: only a running job saves its results");
        assertThat(refused(saveFor(COMPUTE_CN, "queued"), 409))
                .isEqualTo("job queued is queued: only a running job saves its results");
        assertThat(refused(saveFor(COMPUTE_CN, "failed"), 409))
                .isEqualTo("job failed is failed: only a running job saves its results");
        assertThat(session.model().head().version()).isZero();
    }

    @Test
    void theJobsUsersRightsApply() {
        ok(session.report(COMPUTE_CN, running("read-only", COMPUTE, "bob")));
        ok(session.report(COMPUTE_CN, running("stranger", COMPUTE, "mallory")));
        assertThat(refused(saveFor(COMPUTE_CN, "read-only"), 403))
                .isEqualTo("job read-only was started by bob, who may not change this project (any more): its"
                        + " results are not saved");
        assertThat(refused(saveFor(COMPUTE_CN, "stranger"), 403)).startsWith("job stranger was started by mallory");
        assertThat(session.model().head().version()).isZero();
    }
}
