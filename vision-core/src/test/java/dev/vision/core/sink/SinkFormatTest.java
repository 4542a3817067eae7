package dev.vision.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.result.Box;
import dev.vision.core.result.Classification;
import dev.vision.core.result.Detection;
import dev.vision.core.result.Direction;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import dev.vision.core.result.TrackEvent;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The documented JSON lines and CSV formats, field by field. */
class SinkFormatTest {

    private static final FrameMeta DOG = new FrameMeta("photos/dog.jpg", 0, 0, 768, 576);
    private static final StageTimings T = new StageTimings(1.234, 38.5, 0.4);
    private static final FrameResult TWO = FrameResult.ofDetections(
            DOG,
            List.of(
                    new Detection("dog", 16, 0.85512f, new Box(132.06f, 206f, 325.44f, 543.2f)),
                    new Detection("bicycle", 1, 0.8f, new Box(51, 137, 572, 423))),
            T);
    private static final FrameResult NONE =
            FrameResult.ofDetections(new FrameMeta("photos/rocket, \"night\".jpg", 0, 0, 640, 427), List.of(), T);

    /**
     * Each kind of event as JSON lines, MQTT and webhooks carry it, byte for byte as before events were typed:
     * type, its line or zone, track_id, label, then direction or dwell_ms, then the clip.
     */
    @Test
    void eachEventKindHasItsDocumentedKeysInOrder() {
        ResultJson json = new ResultJson(new ObjectMapper());
        assertEquals(
                "{\"type\":\"line_crossed\",\"line\":\"door\",\"track_id\":7,\"label\":\"person\",\"direction\":\"in\"}",
                json.event(new TrackEvent.LineCrossed(7, "person", "door", Direction.IN))
                        .toString());
        assertEquals(
                "{\"type\":\"line_crossed\",\"line\":\"door\",\"track_id\":7,\"label\":\"person\",\"direction\":\"out\","
                        + "\"clip\":\"clips/a.mp4\"}",
                json.event(new TrackEvent.LineCrossed(7, "person", "door", Direction.OUT).withClip("clips/a.mp4"))
                        .toString());
        assertEquals(
                "{\"type\":\"zone_entered\",\"zone\":\"bay\",\"track_id\":3,\"label\":\"car\"}",
                json.event(new TrackEvent.ZoneEntered(3, "car", "bay")).toString());
        assertEquals(
                "{\"type\":\"zone_left\",\"zone\":\"bay\",\"track_id\":3,\"label\":\"car\",\"dwell_ms\":1500}",
                json.event(new TrackEvent.ZoneLeft(3, "car", "bay", Duration.ofMillis(1500)))
                        .toString());
        assertEquals(
                "{\"type\":\"loitering\",\"zone\":\"bay\",\"track_id\":3,\"label\":\"car\",\"dwell_ms\":30000}",
                json.event(new TrackEvent.Loitering(3, "car", "bay", Duration.ofSeconds(30)))
                        .toString());
        assertEquals(
                "{\"type\":\"object_appeared\",\"track_id\":1,\"label\":\"dog\"}",
                json.event(new TrackEvent.Appeared(1, "dog")).toString());
        assertEquals(
                "{\"type\":\"object_left\",\"track_id\":1,\"label\":\"dog\"}",
                json.event(new TrackEvent.Lost(1, "dog")).toString());
    }

    @Test
    void jsonLinesHaveEveryDocumentedFieldOneObjectPerLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesSink sink = new JsonLinesSink(out, true)) {
            sink.accept(TWO, null);
            sink.accept(NONE, null);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size());
        JsonNode o = new ObjectMapper().readTree(lines.get(0));
        assertEquals(
                List.of(
                        "source",
                        "stream",
                        "stream_name",
                        "frame",
                        "timestamp_ms",
                        "width",
                        "height",
                        "detections",
                        "timings_ms"),
                iterableToList(o.fieldNames()));
        assertEquals("photos/dog.jpg", o.get("source").asText());
        assertEquals(768, o.get("width").asInt());
        JsonNode dog = o.get("detections").get(0);
        assertEquals("dog", dog.get("label").asText());
        assertEquals(16, dog.get("class_id").asInt());
        assertEquals(0.855, dog.get("score").asDouble(), 1e-9);
        assertEquals(4, dog.get("box").size());
        assertEquals(132.1, dog.get("box").get(0).asDouble(), 1e-9);
        assertEquals(543.2, dog.get("box").get(3).asDouble(), 1e-9);
        assertEquals(38.5, o.get("timings_ms").get("inference").asDouble(), 1e-9);
        assertEquals(
                List.of("preprocess", "inference", "postprocess"),
                iterableToList(o.get("timings_ms").fieldNames()));
        JsonNode empty = new ObjectMapper().readTree(lines.get(1));
        assertEquals(0, empty.get("detections").size());
        assertEquals("photos/rocket, \"night\".jpg", empty.get("source").asText());
    }

    @Test
    void classificationLinesCarryClassesInsteadOfDetections() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesSink sink = new JsonLinesSink(out, true)) {
            sink.accept(FrameResult.ofClasses(DOG, List.of(new Classification("tabby", 281, 0.59f)), T), null);
        }
        JsonNode o = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("tabby", o.get("classes").get(0).get("label").asText());
        assertTrue(o.get("detections") == null);
    }

    @Test
    void csvHasAHeaderAndOneRowPerDetectionAndARowForAnEmptyFrame() throws Exception {
        StringWriter w = new StringWriter();
        try (CsvSink sink = new CsvSink(w, CsvSink.Rows.DETECTIONS)) {
            sink.accept(TWO, null);
            sink.accept(NONE, null);
        }
        List<CSVRecord> rows = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(w.toString()))
                .getRecords();
        assertEquals(3, rows.size());
        assertEquals(CsvSink.DETECTION_HEADER, rows.get(0).getParser().getHeaderNames());
        assertEquals("dog", rows.get(0).get("label"));
        assertEquals("132.1", rows.get(0).get("x1"));
        assertEquals("0.855", rows.get(0).get("score"));
        assertEquals("bicycle", rows.get(1).get("label"));
        assertEquals("photos/rocket, \"night\".jpg", rows.get(2).get("source"), "quoted correctly");
        assertEquals("", rows.get(2).get("label"));
        assertEquals("38.5", rows.get(2).get("inference_ms"));
    }

    private static List<String> iterableToList(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
