package org.opentwinj.services.logger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LogBufferTest {
    static LogRecord record(String service, String level, String session, String message) {
        return new LogRecord(
                null,
                "2026-11-25T10:00:00Z",
                level,
                service,
                message,
                null,
                null,
                null,
                session,
                "alice",
                null,
                null,
                null,
                null,
                null);
    }

    private static final LogFilter ALL = new LogFilter(null, null, null, 0);

    @Test
    void recordsAreNumberedInArrivalOrderAndFiltered() throws Exception {
        LogBuffer buffer = new LogBuffer(100);
        buffer.append(List.of(
                record("gss", "INFO", null, "a"),
                record("lss", "WARN", "s-1", "b"),
                record("lss", "DEBUG", "s-1", "c")));

        assertThat(buffer.read(ALL, 0, 10, Duration.ZERO))
                .extracting(LogRecord::seq)
                .containsExactly(1L, 2L, 3L);
        assertThat(buffer.read(new LogFilter("s-1", null, null, Levels.parse("info")), 0, 10, Duration.ZERO))
                .extracting(LogRecord::message)
                .containsExactly("b");
        assertThat(buffer.read(new LogFilter(null, null, "lss", 0), 2, 10, Duration.ZERO))
                .extracting(LogRecord::message)
                .containsExactly("c");
        assertThat(buffer.read(ALL, 0, 2, Duration.ZERO)).hasSize(2);
    }

    @Test
    void fullBufferDropsTheOldest() throws Exception {
        LogBuffer buffer = new LogBuffer(3);
        for (int i = 0; i < 5; i++) {
            buffer.append(List.of(record("gss", "INFO", null, "m" + i)));
        }

        assertThat(buffer.read(ALL, 0, 10, Duration.ZERO))
                .extracting(LogRecord::message)
                .containsExactly("m2", "m3", "m4");
        assertThat(buffer.evicted()).isEqualTo(2);
    }

    @Test
    void aWaitingReaderWakesUpWhenAMatchingRecordArrives() throws Exception {
        LogBuffer buffer = new LogBuffer(10);
        buffer.append(List.of(record("gss", "INFO", null, "old")));
        CompletableFuture<List<LogRecord>> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.read(new LogFilter(null, null, "lss", 0), 1, 10, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        buffer.append(List.of(record("gss", "INFO", null, "not for this reader")));
        assertThat(reader).isNotDone();

        buffer.append(List.of(record("lss", "INFO", null, "new")));

        assertThat(reader.get()).extracting(LogRecord::message).containsExactly("new");
    }

    @Test
    void aReaderWithNothingNewGetsAnEmptyAnswerAfterItsWait() throws Exception {
        assertThat(new LogBuffer(10).read(ALL, 0, 10, Duration.ofMillis(50))).isEmpty();
    }
}
