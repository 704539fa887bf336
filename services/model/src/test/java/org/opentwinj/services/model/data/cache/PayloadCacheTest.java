package org.opentwinj.services.model.data.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadCacheTest {
    @TempDir
    private Path directory;

    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void aMissFillsTheCacheAndTheNextReadIsAHit() throws Exception {
        PayloadCache cache = cache(1000);
        byte[] payload = payload(1, 300);
        assertThat(read(cache, payload)).isEqualTo(payload);
        assertThat(reads).hasValue(1);
        assertThat(directory.resolve(sha256(payload))).hasBinaryContent(payload);
        assertThat(read(cache, payload)).isEqualTo(payload);
        assertThat(reads).hasValue(1);
        assertThat(cache.totalBytes()).isEqualTo(300);
    }

    @Test
    void theLeastRecentlyReadGoFirstWhenTheBoundIsReached() throws Exception {
        PayloadCache cache = cache(1000);
        byte[] a = payload(1, 400);
        byte[] b = payload(2, 400);
        byte[] c = payload(3, 400);
        read(cache, a);
        read(cache, b);
        read(cache, a); // a is now the most recently read: b goes when c comes
        read(cache, c);
        assertThat(reads).hasValue(3);
        assertThat(cache.totalBytes()).isEqualTo(800);
        assertThat(directory.resolve(sha256(b))).doesNotExist();
        assertThat(directory.resolve(sha256(a))).exists();
        read(cache, a);
        read(cache, c);
        assertThat(reads).hasValue(3);
        read(cache, b);
        assertThat(reads).hasValue(4);
    }

    @Test
    void aDamagedFileIsReadAgainFromTheSourceNeverServed() throws Exception {
        PayloadCache cache = cache(1000);
        byte[] payload = payload(1, 300);
        read(cache, payload);
        Path file = directory.resolve(sha256(payload));

        byte[] damaged = payload.clone();
        damaged[100] ^= 1;
        Files.write(file, damaged);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000));
        assertThat(read(cache, payload)).isEqualTo(payload);
        assertThat(reads).hasValue(2);
        assertThat(file).hasBinaryContent(payload);

        Files.write(file, new byte[10]);
        assertThat(read(cache, payload)).isEqualTo(payload);
        assertThat(reads).hasValue(3);

        Files.delete(file);
        assertThat(read(cache, payload)).isEqualTo(payload);
        assertThat(reads).hasValue(4);
    }

    @Test
    void concurrentReadersOfOnePayloadShareOneFill() throws Exception {
        PayloadCache cache = cache(1 << 20);
        byte[] payload = payload(1, 200_000);
        CountDownLatch inFill = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PayloadSource slow = out -> {
            reads.incrementAndGet();
            inFill.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            out.write(payload);
        };
        int readers = 8;
        List<Future<byte[]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(readers)) {
            for (int i = 0; i < readers; i++) {
                results.add(pool.submit(() -> contents(cache.open(sha256(payload), payload.length, slow))));
            }
            assertThat(inFill.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<byte[]> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(payload);
            }
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aReaderThatWaitsTooLongForAnothersCopyReadsTheSourceItself() throws Exception {
        PayloadCache cache = PayloadCache.open(new PayloadCacheOptions(directory, 1 << 20), Duration.ofMillis(200));
        byte[] payload = payload(1, 1000);
        CountDownLatch inFill = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<byte[]> slow = pool.submit(() -> contents(cache.open(sha256(payload), payload.length, out -> {
                inFill.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                out.write(payload);
            })));
            assertThat(inFill.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.open(sha256(payload), payload.length, source(payload)))
                    .isEmpty();
            assertThat(reads).hasValue(0);
            release.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(payload);
        }
    }

    @Test
    void aPayloadLargerThanTheCacheIsNotCached() throws Exception {
        PayloadCache cache = cache(100);
        byte[] payload = payload(1, 101);
        assertThat(cache.open(sha256(payload), payload.length, source(payload))).isEmpty();
        assertThat(reads).hasValue(0);
        assertThat(cache.open("not-a-sha", 10, source(payload))).isEmpty();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSourceThatFailsOrDisagreesLeavesNothing() throws Exception {
        PayloadCache cache = cache(1000);
        byte[] payload = payload(1, 300);
        assertThatThrownBy(() -> cache.open(sha256(payload), payload.length, out -> {
                    out.write(payload, 0, 100);
                    throw new IOException("the database went away");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("the database went away");
        byte[] other = payload(2, 300);
        assertThatThrownBy(() -> cache.open(sha256(payload), payload.length, source(other)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the 300 bytes recorded");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
        assertThat(cache.totalBytes()).isZero();
        assertThat(read(cache, payload)).isEqualTo(payload);
    }

    @Test
    void aRestartKeepsTheFilesChecksThemAndRemovesUnfinishedOnes() throws Exception {
        byte[] kept = payload(1, 300);
        byte[] damaged = payload(2, 300);
        read(cache(1000), kept);
        read(cache(1000), damaged);
        Files.writeString(directory.resolve(sha256(kept) + ".123.part"), "half");
        byte[] bad = damaged.clone();
        bad[0] ^= 1;
        Files.write(directory.resolve(sha256(damaged)), bad);
        reads.set(0);

        PayloadCache restarted = cache(1000);
        assertThat(restarted.totalBytes()).isEqualTo(600);
        assertThat(directory.resolve(sha256(kept) + ".123.part")).doesNotExist();
        assertThat(read(restarted, kept)).isEqualTo(kept);
        assertThat(reads).hasValue(0);
        assertThat(read(restarted, damaged)).isEqualTo(damaged);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aReaderKeepsItsBytesWhenTheFileIsEvicted() throws Exception {
        PayloadCache cache = cache(500);
        byte[] a = payload(1, 400);
        byte[] b = payload(2, 400);
        try (FileChannel open = cache.open(sha256(a), a.length, source(a)).orElseThrow()) {
            read(cache, b);
            assertThat(directory.resolve(sha256(a))).doesNotExist();
            ByteBuffer all = ByteBuffer.allocate(a.length);
            while (all.hasRemaining() && open.read(all) > 0) {}
            assertThat(all.array()).isEqualTo(a);
        }
    }

    private PayloadCache cache(long maxBytes) throws IOException {
        return PayloadCache.open(new PayloadCacheOptions(directory, maxBytes), Duration.ofMinutes(1));
    }

    private byte[] read(PayloadCache cache, byte[] payload) throws Exception {
        return contents(cache.open(sha256(payload), payload.length, source(payload)));
    }

    private PayloadSource source(byte[] payload) {
        return out -> {
            reads.incrementAndGet();
            // In pieces, as GridFS chunks come.
            for (int offset = 0; offset < payload.length; offset += 64) {
                out.write(payload, offset, Math.min(64, payload.length - offset));
            }
        };
    }

    private static byte[] contents(Optional<FileChannel> channel) throws IOException {
        try (FileChannel file = channel.orElseThrow()) {
            ByteBuffer all = ByteBuffer.allocate((int) file.size());
            while (all.hasRemaining() && file.read(all) > 0) {}
            return all.array();
        }
    }

    private static byte[] payload(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
