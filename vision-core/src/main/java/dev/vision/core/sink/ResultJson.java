package dev.vision.core.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.result.Box;
import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.Direction;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;

/** The JSON object of one frame, in the documented JSON lines format. */
public final class ResultJson {

    private final ObjectMapper mapper;

    public ResultJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode toJson(FrameResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("source", r.meta().source());
        o.put("stream", r.meta().stream());
        o.put("stream_name", r.meta().streamName());
        o.put("frame", r.meta().index());
        o.put("timestamp_ms", r.meta().timestampMs());
        o.put("width", r.meta().width());
        o.put("height", r.meta().height());
        if (r instanceof DetectionResult dr) {
            ArrayNode detections = o.putArray("detections");
            for (Detection d : dr.detections()) {
                ObjectNode j = detections.addObject();
                j.put("label", d.label());
                j.put("class_id", d.classId());
                j.put("score", round(d.score(), 1000));
                Box b = d.box();
                j.putArray("box")
                        .add(round(b.x1(), 10))
                        .add(round(b.y1(), 10))
                        .add(round(b.x2(), 10))
                        .add(round(b.y2(), 10));
                d.trackId().ifPresent(id -> j.put("track_id", id));
                d.speedMps().ifPresent(v -> j.put("speed_mps", round(v, 100)));
            }
            if (!dr.events().isEmpty()) {
                ArrayNode events = o.putArray("events");
                for (TrackEvent e : dr.events()) {
                    events.add(event(e));
                }
            }
            if (!dr.counts().lines().isEmpty()) {
                ObjectNode lines = o.putObject("lines");
                dr.counts().lines().forEach((name, tally) -> {
                    ObjectNode line = lines.putObject(name);
                    for (Direction direction : Direction.values()) {
                        line.set(direction.id(), mapper.valueToTree(tally.perClass(direction)));
                    }
                });
            }
            if (!dr.counts().zones().isEmpty()) {
                o.set("zones", mapper.valueToTree(dr.counts().zones()));
            }
            dr.carriedFromFrame().ifPresent(index -> o.put("carried_from_frame", index));
        } else if (r instanceof ClassificationResult cr) {
            ArrayNode classes = o.putArray("classes");
            for (Classification c : cr.classes()) {
                ObjectNode j = classes.addObject();
                j.put("label", c.label());
                j.put("class_id", c.classId());
                j.put("score", round(c.score(), 1000));
            }
        }
        ObjectNode t = o.putObject("timings_ms");
        t.put("preprocess", round(r.timings().preprocessMs(), 100));
        t.put("inference", round(r.timings().inferenceMs(), 100));
        t.put("postprocess", round(r.timings().postprocessMs(), 100));
        return o;
    }

    /**
     * An event as the JSON lines, MQTT and webhooks carry it: {@code type}, the line or zone it concerns,
     * {@code track_id}, {@code label}, then its other details.
     */
    public ObjectNode event(TrackEvent e) {
        ObjectNode j = mapper.createObjectNode();
        j.put("type", e.type().id());
        if (e instanceof TrackEvent.LineCrossed crossed) {
            j.put("line", crossed.line());
        } else if (e instanceof TrackEvent.ZoneEntered entered) {
            j.put("zone", entered.zone());
        } else if (e instanceof TrackEvent.ZoneLeft left) {
            j.put("zone", left.zone());
        } else if (e instanceof TrackEvent.Loitering loitering) {
            j.put("zone", loitering.zone());
        }
        j.put("track_id", e.trackId());
        j.put("label", e.label());
        if (e instanceof TrackEvent.LineCrossed crossed) {
            j.put("direction", crossed.direction().id());
        } else if (e instanceof TrackEvent.ZoneLeft left) {
            j.put("dwell_ms", left.dwell().toMillis());
        } else if (e instanceof TrackEvent.Loitering loitering) {
            j.put("dwell_ms", loitering.dwell().toMillis());
        } else if (e instanceof TrackEvent.Movement movement) {
            j.put("origin", movement.origin());
            j.put("destination", movement.destination());
        }
        e.clip().ifPresent(clip -> j.put("clip", clip));
        return j;
    }

    static double round(double v, int factor) {
        return Math.round(v * factor) / (double) factor;
    }
}
