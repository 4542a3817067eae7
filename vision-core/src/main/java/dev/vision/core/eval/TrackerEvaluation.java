package dev.vision.core.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.inference.Detector;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.track.TrackingLines;
import dev.vision.core.track.TrackingStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A tracker measured on a MOTChallenge sequence: CLEAR MOT (MOTA, MOTP) and IDF1 at IoU 0.5. */
public final class TrackerEvaluation {

    /**
     * The report, with the tracker's boxes as MOTChallenge rows ({@code frame,id,left,top,width,height,score,
     * -1,-1,-1}).
     */
    public record Report(EvaluationReport report, List<String> motRows) {}

    private TrackerEvaluation() {}

    /**
     * Runs {@code detector} and {@code stage} over the sequence in {@code data}.
     *
     * @param trackerSettings the tracker's settings as run.json records them, for the report
     * @return the report, or empty when the run was stopped
     */
    public static Optional<Report> evaluate(
            Detector detector, Path data, TrackingStage stage, Map<String, Object> trackerSettings, EvaluationRun how)
            throws InterruptedException {
        MotSequence sequence = MotSequence.load(data);
        TrackingMetrics metrics = new TrackingMetrics();
        List<String> rows = Collections.synchronizedList(new ArrayList<>());
        RunStats stats;
        try (FrameSource frames = sequence.video() != null
                ? Sources.open(sequence.video().toString())
                : new ImageFilesSource(sequence.images(), sequence.frameRate())) {
            VisionRun run = VisionRun.builder()
                    .source(frames)
                    .model(detector)
                    .stage(stage)
                    .sink((result, annotated) -> {
                        int n = (int) result.meta().index() + 1; // gt.txt counts frames from 1
                        List<TrackingMetrics.Identified> tracked = new ArrayList<>();
                        for (Detection d : ((DetectionResult) result).detections()) {
                            Box b = d.box();
                            tracked.add(
                                    new TrackingMetrics.Identified(d.trackId().orElseThrow(), b));
                            rows.add(String.format(
                                    Locale.ROOT,
                                    "%d,%d,%.2f,%.2f,%.2f,%.2f,%.3f,-1,-1,-1",
                                    n,
                                    d.trackId().getAsLong(),
                                    b.x1(),
                                    b.y1(),
                                    b.width(),
                                    b.height(),
                                    d.score()));
                        }
                        metrics.addFrame(sequence.truth(n), tracked);
                    })
                    .listener(how.listener())
                    .build();
            how.started().accept(run, sequence.length());
            stats = run.execute();
        }
        if (stats.wasInterrupted()) {
            return Optional.empty();
        }
        return Optional.of(new Report(report(data, detector.model(), stage, trackerSettings, metrics, stats), rows));
    }

    private static EvaluationReport report(
            Path data,
            ResolvedModel model,
            TrackingStage stage,
            Map<String, Object> trackerSettings,
            TrackingMetrics metrics,
            RunStats stats) {
        TrackingMetrics.Result m = metrics.compute();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Tracking on %s: %d frames, %d ground-truth boxes of %d objects, tracker %s, model %s (%s, sha256 %s)",
                data,
                m.frames(),
                m.groundTruth(),
                m.groundTruthIds(),
                trackerSettings.get("tracker"),
                model.name(),
                model.engine().id(),
                model.sha256().substring(0, 12)));
        lines.add(String.format(
                Locale.ROOT,
                "MOTA %.2f %%   IDF1 %.2f %%   ID switches %d   FP %d   FN %d   MOTP %.3f   tracks %d",
                100 * m.mota(),
                100 * m.idf1(),
                m.idSwitches(),
                m.falsePositives(),
                m.falseNegatives(),
                m.motp(),
                m.hypothesisIds()));
        lines.addAll(TrackingLines.of(stage, ""));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = EvaluationRun.header("track", data, model);
        json.set("tracking", mapper.valueToTree(trackerSettings));
        json.set("metrics", mapper.valueToTree(m.asMap()));
        json.set("counts", mapper.valueToTree(stage.summary()));
        EvaluationRun.footer(json, stats);
        return new EvaluationReport(lines, json, stats);
    }
}
