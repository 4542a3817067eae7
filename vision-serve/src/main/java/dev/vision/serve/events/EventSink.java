package dev.vision.serve.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.sink.ResultJson;
import dev.vision.core.sink.ResultSink;
import java.time.Duration;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Sends every event of a tracked run to its outputs: the event object of the JSON lines plus
 * {@code source}, {@code stream}, {@code frame} and {@code timestamp_ms}. Hands them to each output's queue
 * and returns at once; closing says "ended" and gives pending events a few seconds to go out.
 */
public final class EventSink implements ResultSink {

    private final List<EventOutput> outputs;
    private final int streams;
    private final Duration drain;
    private final ResultJson json = new ResultJson(new ObjectMapper());
    private boolean closed;

    /** @param streams how many sources the run has: each event goes out under its frame's stream */
    public EventSink(List<EventOutput> outputs, int streams, Duration drain) {
        this.outputs = List.copyOf(outputs);
        this.streams = streams;
        this.drain = drain;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) {
        if (!(result instanceof DetectionResult frame)) {
            return;
        }
        int stream = frame.meta().stream();
        for (TrackEvent e : frame.events()) {
            ObjectNode event = json.event(e);
            event.put("source", frame.meta().source());
            event.put("stream", stream);
            event.put("stream_name", frame.meta().streamName());
            event.put("frame", frame.meta().index());
            event.put("timestamp_ms", frame.meta().timestampMs());
            outputs.forEach(o -> o.send(stream, event));
        }
    }

    /** Tells every output that a source's state changed; any thread. */
    public void status(int stream, SourceStatus state) {
        outputs.forEach(o -> o.status(stream, state));
    }

    public List<EventOutput> outputs() {
        return outputs;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int stream = 0; stream < streams; stream++) {
            int s = stream;
            outputs.forEach(o -> o.status(s, SourceStatus.ENDED));
        }
        outputs.forEach(o -> o.close(drain));
    }
}
