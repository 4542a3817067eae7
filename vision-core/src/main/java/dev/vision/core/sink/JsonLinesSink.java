package dev.vision.core.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.result.FrameResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.opencv.core.Mat;

/**
 * One JSON object per frame, one per line. Each line is serialised first and written with a single call,
 * then flushed, so a reader (or a crash) never sees half a line from us.
 */
public final class JsonLinesSink implements ResultSink {

    private final OutputStream out;
    private final boolean closeStream;
    private boolean closed;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ResultJson json = new ResultJson(mapper);

    /** @param closeStream false for stdout, which outlives the sink */
    public JsonLinesSink(OutputStream out, boolean closeStream) {
        this.out = out;
        this.closeStream = closeStream;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) throws IOException {
        byte[] line = (mapper.writeValueAsString(json.toJson(result)) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.flush();
    }

    /** Writes one extra object as a line of its own, such as the end-of-run summary. */
    public void writeObject(Object value) throws IOException {
        out.write((mapper.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.flush();
        if (closeStream) {
            out.close();
        }
    }
}
