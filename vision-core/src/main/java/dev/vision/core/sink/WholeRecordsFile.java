package dev.vision.core.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A results file written record by record: each {@link #flush()} ends a whole record (a JSON line, a frame's
 * CSV rows). When a write fails (a full disk, a file-size limit), the file is cut back to the end of its
 * last whole record, so no reader ever finds half a line, and the error names the file.
 */
public final class WholeRecordsFile extends OutputStream {

    private final Path path;
    private final FileChannel channel;
    private long whole;
    private boolean failed;

    private WholeRecordsFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.whole = channel.position();
    }

    /** Opens {@code path} with {@code options} (those of {@link FileChannel#open}), writing from its start. */
    public static WholeRecordsFile open(Path path, OpenOption... options) throws IOException {
        return new WholeRecordsFile(path, FileChannel.open(path, options));
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (failed) {
            throw new IOException(path + ": an earlier write failed; the file ends with its last whole record");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            failed = true;
            cutBack();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(path + ": " + reason + " (the file ends with its last whole record)", e);
        }
    }

    /** Ends a record: what was written so far stays, whatever happens next. */
    @Override
    public void flush() throws IOException {
        if (!failed) {
            whole = channel.position();
        }
    }

    private void cutBack() {
        try {
            channel.truncate(whole);
        } catch (IOException ignored) {
            // the part after the last record stays; the error already names the file
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
