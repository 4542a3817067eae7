package dev.vision.app;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.sink.WindowSink;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.vision.serve.events.EventOutput;
import dev.vision.serve.events.EventSink;
import dev.vision.serve.events.MqttOutput;
import dev.vision.serve.events.WebhookOutput;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The output options of detect and classify, opened as sinks into the run's {@link SinkSet} (which closes
 * them whatever happens), and described for run.json and the summary.
 */
final class RunOutputs {

    private final Map<String, String> described = new LinkedHashMap<>();
    private final boolean video;
    private Path runFolder;
    private JsonLinesSink jsonSink;
    private AnnotatedImageSink imageSink;
    private EventSink eventSink;

    private RunOutputs(boolean video) {
        this.video = video;
    }

    static RunOutputs open(RunOptions run, RunTask.Task task, String source, Sources.Kind kind, FrameSource frames,
                           SinkSet sinks, Console console) throws IOException {
        RunOutputs outputs = new RunOutputs(kind != Sources.Kind.IMAGES);
        if (!run.noSave) {
            outputs.runFolder = run.out != null ? OutputFiles.explicitFolder(run.out, run.force)
                    : OutputFiles.newRunFolder(Path.of("runs", task.name()));
            if (outputs.video) {
                Path target = outputs.runFolder.resolve(videoName(source, kind));
                // every frame at its own time: a live stream's arrival, a file's own timestamps (variable frame rate)
                sinks.add(new VideoFileSink(target, frames.nominalFps() / run.vidStride, true, run.videoPreset));
                outputs.put("video", target.toString());
            } else {
                outputs.imageSink = sinks.add(new AnnotatedImageSink(outputs.runFolder));
                outputs.put("images", outputs.runFolder.toString());
            }
        }
        if (run.json != null) {
            boolean stdout = run.json.equals("-");
            outputs.jsonSink = sinks.add(new JsonLinesSink(stdout ? System.out
                    : OutputFiles.openFile(Path.of(run.json), run.force), !stdout));
            outputs.put("json", stdout ? "stdout" : run.json);
        }
        if (run.csv != null) {
            sinks.add(new CsvSink(new OutputStreamWriter(OutputFiles.openFile(run.csv, run.force),
                    StandardCharsets.UTF_8), task.classification(), task.tracked()));
            outputs.put("csv", run.csv.toString());
        }
        List<EventOutput> events = new ArrayList<>();
        if (run.mqtt != null) {
            events.add(new MqttOutput(URI.create(run.mqtt), run.mqttTopic, System.getenv("VISION_MQTT_USER"),
                    System.getenv("VISION_MQTT_PASSWORD"), line -> console.print("vision: " + line)));
            outputs.put("mqtt", run.mqtt + " (topic " + run.mqttTopic + ")");
        }
        for (String hook : run.webhooks) {
            events.add(new WebhookOutput(URI.create(hook), line -> console.print("vision: " + line)));
            outputs.put(run.webhooks.size() == 1 ? "webhook" : "webhook " + (events.size()), hook);
        }
        if (!events.isEmpty()) {
            outputs.eventSink = sinks.add(new EventSink(events, 0, Duration.ofSeconds(5)));
        }
        if (run.show) {
            StringBuilder whyNot = new StringBuilder();
            WindowSink window = WindowSink.openOrExplain("vision: " + source, whyNot);
            if (window == null) {
                console.print("vision: " + whyNot + ": --show is ignored, the run goes on");
            } else {
                sinks.add(window);
            }
        }
        return outputs;
    }

    private static String videoName(String source, Sources.Kind kind) {
        if (kind == Sources.Kind.VIDEO_FILE) {
            String name = Path.of(source).getFileName().toString();
            int dot = name.lastIndexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name) + ".mp4";
        }
        return kind == Sources.Kind.CAMERA ? "camera.mp4" : "stream.mp4";
    }

    void put(String what, String where) {
        described.put(what, where);
    }

    /** What is written where, in the order opened ("video" → path, "json" → "stdout", …). */
    Map<String, String> described() {
        return described;
    }

    /**
     * The outputs that exist once the run is over: a video that never got a frame (stopped in its first
     * second) is not named in run.json or the summary.
     */
    Map<String, String> existing() {
        Map<String, String> present = new LinkedHashMap<>();
        described.forEach((what, where) -> {
            boolean file = what.equals("video") || what.equals("json") && !where.equals("stdout") || what.equals("csv");
            if (!file || Files.exists(Path.of(where))) {
                present.put(what, where);
            }
        });
        return present;
    }

    /** The run folder, or null with --no-save. */
    Path runFolder() {
        return runFolder;
    }

    /** The JSON lines sink, or null without --json. */
    JsonLinesSink jsonSink() {
        return jsonSink;
    }

    /** Which annotated copy is whose (empty without image copies). */
    Map<String, String> annotatedCopies() {
        return imageSink == null ? Map.of() : imageSink.copies();
    }

    /** Events sent out, per output: "Events: mqtt …: 12 delivered, 0 not delivered." */
    List<String> eventLines() {
        if (eventSink == null) {
            return List.of();
        }
        return eventSink.outputs().stream().map(o -> "Events: " + o.name() + ": " + o.delivered() + " delivered, "
                + o.notDelivered() + " not delivered.").toList();
    }

    long undeliveredEvents() {
        return eventSink == null ? 0 : eventSink.outputs().stream().mapToLong(EventOutput::notDelivered).sum();
    }

    boolean video() {
        return video;
    }
}
