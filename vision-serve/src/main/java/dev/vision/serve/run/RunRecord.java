package dev.vision.serve.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.VisionVersion;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.run.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The provenance of a run — model, file hash, licence, engine, device, thresholds, version — as run.json. */
public final class RunRecord {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root = mapper.createObjectNode();
    private String settingsLine = "";

    public RunRecord(String command, String source, ResolvedModel model, String device, Instant started) {
        root.put("vision_version", VisionVersion.get());
        root.put("command", command);
        root.put("source", source);
        root.put("started", started.toString());
        ObjectNode m = root.putObject("model");
        m.put("name", model.name());
        m.put("file", model.file().getFileName().toString());
        m.put("sha256", model.sha256());
        m.put("licence", model.licence());
        m.put("family", model.family().id());
        m.put("engine", model.engine().id());
        m.put("device", device);
        m.putArray("input_size").add(model.inputWidth()).add(model.inputHeight());
    }

    /** Several inference workers and their intra-op threads each. */
    public void workers(int workers, int threadsEach) {
        root.put("workers", workers);
        root.put("threads_per_worker", threadsEach);
        settingsLine += (settingsLine.isEmpty() ? "" : "; ") + workers + " workers × " + threadsEach + " thread(s)";
    }

    /** The event clips written, in the order they were finished. */
    public void clips(List<String> paths) {
        var a = root.putArray("clips");
        paths.forEach(a::add);
    }

    /** Every source of a run with several, in stream order. */
    public void sources(List<String> specs) {
        var a = root.putArray("sources");
        specs.forEach(a::add);
    }

    /** A detector's thresholds, as given: conf, iou, max-det and the classes kept (all when empty). */
    public void detection(float confidence, float iou, int maxDetections, List<String> classes) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("conf", confidence);
        values.put("iou", iou);
        values.put("max_det", maxDetections);
        values.put("classes", classes);
        thresholds(
                String.format(
                        Locale.ROOT,
                        "conf %.2f, iou %.2f, max-det %d%s",
                        confidence,
                        iou,
                        maxDetections,
                        classes.isEmpty() ? "" : ", classes " + String.join(",", classes)),
                values);
    }

    /** The task's thresholds, as run.json keeps them and as the summary line says them. */
    public void thresholds(String line, Map<String, Object> values) {
        ObjectNode t = root.putObject("thresholds");
        values.forEach((k, v) -> t.set(k, mapper.valueToTree(v)));
        settingsLine = line;
    }

    /** How a tracked run tracked: tracker, buffer, anchor, lines and zones. */
    public void tracking(Map<String, Object> settings) {
        root.set("tracking", mapper.valueToTree(settings));
    }

    /** The whole command line, as given (run.json's "command" stays the task's name). */
    public void commandLine(List<String> args) {
        var a = root.putArray("command_line");
        a.add("vision");
        args.forEach(a::add);
    }

    /** Which annotated copy is whose: source → file name in the run folder. */
    public void annotatedCopies(Map<String, String> copies) {
        if (!copies.isEmpty()) {
            ObjectNode c = root.putObject("annotated_copies");
            copies.forEach(c::put);
        }
    }

    public String settingsLine() {
        return settingsLine;
    }

    public void outputs(Map<String, String> outputs) {
        ObjectNode o = root.putObject("outputs");
        outputs.forEach(o::put);
    }

    public void finished(RunStats stats, Instant finished, Optional<JsonNode> tracking) {
        root.put("finished", finished.toString());
        root.set("summary", summary(mapper, stats, tracking));
    }

    /** The end-of-run figures: counts, per-label totals, FPS, and mean and p95 latency of every stage. */
    public static ObjectNode summary(ObjectMapper mapper, RunStats stats) {
        return summary(mapper, stats, Optional.empty());
    }

    /** The figures, then a tracked run's totals under {@code "tracking"}. */
    public static ObjectNode summary(ObjectMapper mapper, RunStats stats, Optional<JsonNode> tracking) {
        ObjectNode s = mapper.createObjectNode();
        s.put("frames_read", stats.read());
        s.put("processed", stats.processed());
        s.put("dropped", stats.dropped());
        s.put("skipped", stats.skipped());
        s.put("interrupted", stats.wasInterrupted());
        s.put("objects", stats.detections());
        ObjectNode labels = s.putObject("per_label");
        new TreeMap<>(stats.perLabel()).forEach(labels::put);
        ObjectNode peaks = s.putObject("peak_per_label");
        new TreeMap<>(stats.peakPerLabel()).forEach(peaks::put);
        s.put("wall_seconds", round(stats.wallSeconds(), 1000));
        s.put("fps", round(stats.fps(), 100));
        s.put("model_only_fps", round(stats.modelOnlyFps(), 100));
        ObjectNode stages = s.putObject("stages_ms");
        stats.stages().forEach((name, stage) -> {
            ObjectNode st = stages.putObject(name.id());
            st.put("mean", round(stage.meanMs(), 100));
            st.put("p95", round(stage.percentileMs(95), 100));
        });
        tracking.ifPresent(t -> s.set("tracking", t));
        return s;
    }

    private static double round(double v, int factor) {
        return Math.round(v * factor) / (double) factor;
    }

    /** Writes run.json through a temporary file, so it is either absent or complete. */
    public void write(Path folder) throws IOException {
        JsonFiles.write(folder.resolve("run.json"), root);
    }
}
