package org.opentwinj.services.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code synccount:} before a file name) that counts the bytes written to
 * its files and remembers how many of them had been written at the last sync (force), so a
 * test can tell whether everything written is on disk.
 */
public final class SyncCountingFilePath extends FilePathWrapper {
    static final String SCHEME = "synccount";
    static final AtomicLong WRITTEN = new AtomicLong();
    static final AtomicLong SYNCED = new AtomicLong();
    static final AtomicLong SYNCS = new AtomicLong();

    /** H2 creates one per path by reflection: it must be public. */
    public SyncCountingFilePath() {}

    static void register() {
        FilePath.register(new SyncCountingFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Counting(getBase().open(mode));
    }

    private static final class Counting extends FileBase {
        private final FileChannel channel;

        Counting(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int written = channel.write(src);
            WRITTEN.addAndGet(written);
            return written;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int written = channel.write(src, position);
            WRITTEN.addAndGet(written);
            return written;
        }

        @Override
        public synchronized void force(boolean metaData) throws IOException {
            long written = WRITTEN.get();
            channel.force(metaData);
            SYNCED.accumulateAndGet(written, Math::max);
            SYNCS.incrementAndGet();
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
