package dev.vision.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.StageTimings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The provenance of a run — model, file hash, licence, engine, device, thresholds, version — as run.json. */
final class RunRecord {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root = mapper.createObjectNode();

    RunRecord(String command, String source, ResolvedModel model, String device, Instant started) {
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

    void thresholds(DetectionFilter filter, List<String> classes) {
        ObjectNode t = root.putObject("thresholds");
        t.put("conf", filter.confidence());
        t.put("iou", filter.iou());
        t.put("max_det", filter.maxDetections());
        var c = t.putArray("classes");
        classes.forEach(c::add);
    }

    void outputs(Map<String, String> outputs) {
        ObjectNode o = root.putObject("outputs");
        outputs.forEach(o::put);
    }

    void finished(RunStats stats, Instant finished) {
        root.put("finished", finished.toString());
        ObjectNode counts = root.putObject("counts");
        counts.put("processed", stats.processed());
        counts.put("skipped", stats.skipped());
        counts.put("objects", stats.detections());
        ObjectNode labels = counts.putObject("per_label");
        stats.perLabel().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> labels.put(e.getKey(), e.getValue()));
        StageTimings mean = stats.meanTimings();
        ObjectNode t = root.putObject("mean_timings_ms");
        t.put("preprocess", Math.round(mean.preprocessMs() * 100) / 100.0);
        t.put("inference", Math.round(mean.inferenceMs() * 100) / 100.0);
        t.put("postprocess", Math.round(mean.postprocessMs() * 100) / 100.0);
        root.put("wall_seconds", Math.round(stats.wallSeconds() * 1000) / 1000.0);
    }

    /** Writes run.json through a temporary file, so it is either absent or complete. */
    void write(Path folder) throws IOException {
        Path target = folder.resolve("run.json");
        Path temp = folder.resolve(".run.json.part");
        mapper.writeValue(temp.toFile(), root);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
