package dev.vision.serve.run;

import dev.vision.core.capture.SourceSet;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.capture.Sources;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.run.OutputPlan;
import dev.vision.core.sink.AnnotatedImageSink;
import dev.vision.core.sink.CsvSink;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.sink.PerStreamSink;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.sink.WindowSink;
import dev.vision.serve.events.EventOutput;
import dev.vision.serve.events.EventOutputs;
import dev.vision.serve.events.EventSink;
import dev.vision.video.ClipRecorder;
import dev.vision.video.VideoFileSink;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The output options of detect and classify, opened as sinks into the run's {@link SinkSet} (which closes
 * them whatever happens), and described for run.json and the summary.
 */
public final class RunOutputs {

    private final Map<String, String> described = new LinkedHashMap<>();
    private final boolean video;
    private Path runFolder;
    private JsonLinesSink jsonSink;
    private final List<AnnotatedImageSink> imageSinks = new ArrayList<>();
    private final List<VideoFileSink> videos = new ArrayList<>();
    private EventSink eventSink;
    private ClipRecorder clips;
    private SourceSet sources;

    private final String videoPreset;
    private final int vidStride;

    private RunOutputs(boolean video, String videoPreset, int vidStride) {
        this.video = video;
        this.videoPreset = videoPreset;
        this.vidStride = vidStride;
    }

    /**
     * Opens what {@code plan} names into {@code sinks}, which owns them from then on.
     *
     * @param vidStride every how many frames a video keeps one (the videos' frame rate is divided by it)
     * @param csvRows   what a CSV row is (a class, a detection, a tracked detection)
     * @param warn      takes a line the user should read (an output that could not open and is left out)
     */
    public static RunOutputs open(
            OutputPlan plan,
            int vidStride,
            CsvSink.Rows csvRows,
            SourceSet sources,
            SinkSet sinks,
            Consumer<String> warn)
            throws IOException {
        RunOutputs outputs = new RunOutputs(sources.video(), plan.videoPreset(), vidStride);
        outputs.sources = sources;
        boolean replace = plan.existing() == OutputPlan.Existing.REPLACE;
        if (plan.folder() instanceof OutputPlan.RunFolder.Given given) {
            outputs.runFolder = OutputFiles.explicitFolder(given.dir(), replace);
        } else if (plan.folder() instanceof OutputPlan.RunFolder.Numbered numbered) {
            outputs.runFolder = OutputFiles.newRunFolder(numbered.parent());
        }
        if (outputs.runFolder != null) {
            if (sources.count() == 1) {
                outputs.annotated(sources, 0, sinks);
            } else {
                List<ResultSink> perStream = new ArrayList<>();
                for (int i = 0; i < sources.count(); i++) {
                    perStream.add(outputs.annotated(sources, i, null));
                }
                sinks.add(new PerStreamSink(perStream));
            }
        }
        if (plan.json().isPresent()) {
            if (plan.json().get() instanceof OutputPlan.JsonTarget.File file) {
                outputs.jsonSink = sinks.add(new JsonLinesSink(OutputFiles.openFile(file.path(), replace), true));
                outputs.put("json", file.path().toString());
            } else {
                outputs.jsonSink = sinks.add(new JsonLinesSink(System.out, false));
                outputs.put("json", "stdout");
            }
        }
        if (plan.csv().isPresent()) {
            sinks.add(new CsvSink(
                    new OutputStreamWriter(OutputFiles.openFile(plan.csv().get(), replace), StandardCharsets.UTF_8),
                    csvRows));
            outputs.put("csv", plan.csv().get().toString());
        }
        if (plan.clips().isPresent()) {
            OutputPlan.ClipPlan clips = plan.clips().get();
            outputs.clips = sinks.add(new ClipRecorder(
                    clips.before().toMillis(), clips.after().toMillis(), sources::fps, plan.videoPreset()));
            outputs.put("clips", outputs.runFolder.resolve("clips").toString());
        }
        List<EventOutput> events = EventOutputs.open(plan.events(), sources.names(), warn);
        EventOutputs.described(plan.events()).forEach(outputs::put);
        if (!events.isEmpty()) {
            outputs.eventSink = sinks.add(new EventSink(events, sources.count(), Duration.ofSeconds(5)));
        }
        if (plan.display() == OutputPlan.Display.WINDOW) {
            StringBuilder whyNot = new StringBuilder();
            WindowSink window = WindowSink.openOrExplain("vision: " + String.join(" ", sources.locations()), whyNot);
            if (window == null) {
                warn.accept(whyNot + ": --show is ignored, the run goes on");
            } else {
                sinks.add(window);
            }
        }
        return outputs;
    }

    /**
     * The annotated copy of stream {@code i}: a video for a video, camera or stream, image copies for images.
     * With several sources each is named by its stream and source ("1-car-detection.mp4", "0-photos/").
     *
     * @param sinks where to add it, or null to return it unowned (a {@link PerStreamSink} takes it)
     */
    private ResultSink annotated(SourceSet sources, int i, SinkSet sinks) throws IOException {
        boolean several = sources.count() > 1;
        String key = several || sources.named(i) ? " " + sources.name(i) : "";
        Sources.Kind kind = sources.kind(i);
        ResultSink sink;
        if (kind != Sources.Kind.IMAGES) {
            String name =
                    several || sources.named(i) ? sources.fileStem(i) + ".mp4" : videoName(sources.location(i), kind);
            Path target = runFolder.resolve(name);
            // every frame at its own time: a live stream's arrival, a file's own timestamps (variable frame rate)
            VideoFileSink video = new VideoFileSink(target, sources.fps(i) / vidStride, true, videoPreset);
            videos.add(video);
            sink = video;
            put("video" + key, target.toString());
        } else {
            Path folder = several || sources.named(i) ? runFolder.resolve(sources.fileStem(i)) : runFolder;
            AnnotatedImageSink images = new AnnotatedImageSink(folder);
            imageSinks.add(images);
            sink = images;
            put("images" + key, folder.toString());
        }
        return sinks == null ? sink : sinks.add(sink);
    }

    private static String videoName(String source, Sources.Kind kind) {
        if (kind == Sources.Kind.VIDEO_FILE) {
            String name = Path.of(source).getFileName().toString();
            int dot = name.lastIndexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name) + ".mp4";
        }
        return kind == Sources.Kind.CAMERA ? "camera.mp4" : "stream.mp4";
    }

    /**
     * The run ended by a failure: the videos are finished when the sinks close, but as NAME.partial.mp4.
     * Returns where those that were begun will be.
     */
    public List<Path> keepVideosAsPartial() {
        videos.forEach(VideoFileSink::keepAsPartial);
        return videos.stream()
                .filter(VideoFileSink::begun)
                .map(VideoFileSink::partialTarget)
                .toList();
    }

    public void put(String what, String where) {
        described.put(what, where);
    }

    /** What is written where, in the order opened ("video" → path, "json" → "stdout", …). */
    public Map<String, String> described() {
        return described;
    }

    /**
     * The outputs that exist once the run is over: a video that never got a frame (stopped in its first
     * second) is not named in run.json or the summary.
     */
    public Map<String, String> existing() {
        Map<String, String> present = new LinkedHashMap<>();
        described.forEach((what, where) -> {
            boolean file = what.startsWith("video")
                    || (what.equals("json") && !where.equals("stdout"))
                    || what.equals("csv")
                    || what.equals("clips");
            if (!file || Files.exists(Path.of(where))) {
                present.put(what, where);
            }
        });
        return present;
    }

    /** The run folder, or null with --no-save. */
    public Path runFolder() {
        return runFolder;
    }

    /** The JSON lines sink, or null without --json. */
    public JsonLinesSink jsonSink() {
        return jsonSink;
    }

    /** Which annotated copy is whose (empty without image copies). */
    public Map<String, String> annotatedCopies() {
        Map<String, String> all = new LinkedHashMap<>();
        imageSinks.forEach(sink -> all.putAll(sink.copies()));
        return all;
    }

    /** Events sent out, per output: "Events: mqtt …: 12 delivered, 0 not delivered." */
    public List<String> eventLines() {
        if (eventSink == null) {
            return List.of();
        }
        return eventSink.outputs().stream()
                .map(o -> "Events: " + o.name() + ": " + o.delivered() + " delivered, " + o.notDelivered()
                        + " not delivered.")
                .toList();
    }

    /** Tells the event outputs where stream {@code stream} stands; any thread. */
    public void status(int stream, SourceStatus state) {
        if (eventSink != null) {
            eventSink.status(stream, state);
        }
    }

    /** The clips written, or an empty list. */
    public List<Path> clips() {
        return clips == null ? List.of() : clips.clips();
    }

    /**
     * With several sources, a line per stream: "Stream 1 car-detection.mp4: 377 frame(s), 0 dropped;
     * detections summed over frames: 1200 car." Nothing for one source.
     */
    public List<String> streamLines(RunStats stats) {
        if (sources == null || sources.count() < 2) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        Map<Integer, Long> processed = stats.processedPerStream();
        for (int i = 0; i < sources.count(); i++) {
            Map<String, Long> labels = stats.perLabel(i);
            String counts = labels.isEmpty()
                    ? "none"
                    : labels.entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue()
                                    .reversed()
                                    .thenComparing(Map.Entry.comparingByKey()))
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", "));
            lines.add("Stream " + (sources.named(i) ? sources.name(i) + " (" + i + ")" : i) + " " + sources.location(i)
                    + ": " + processed.getOrDefault(i, 0L) + " frame(s), " + sources.dropped(i) + " dropped; "
                    + (video ? "summed over frames: " : "") + counts + ".");
        }
        return lines;
    }

    public long undeliveredEvents() {
        return eventSink == null
                ? 0
                : eventSink.outputs().stream()
                        .mapToLong(EventOutput::notDelivered)
                        .sum();
    }

    public boolean video() {
        return video;
    }
}
