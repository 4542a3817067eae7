package dev.vision.core.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.Labels;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A detector measured on a labelled image set, COCO-style: mAP@0.5, mAP@0.5:0.95, precision and recall. */
public final class DetectorEvaluation {

    /**
     * The detector's own settings, for the report (the detector was built with them), and the score at which
     * precision and recall are given.
     */
    public record Settings(float confidence, float iou, int maxDetections, float reportConfidence) {}

    private DetectorEvaluation() {}

    /**
     * Runs {@code detector} over the dataset in {@code data}.
     *
     * @param format "auto", "yolo" or "coco"
     * @return the report, or empty when the run was stopped
     */
    public static Optional<EvaluationReport> evaluate(
            Detector detector, Path data, String format, Settings settings, EvaluationRun how)
            throws InterruptedException {
        ResolvedModel model = detector.model();
        DetectionDataset dataset = DetectionDataset.load(data, model.labels(), format);
        DetectionMetrics metrics = new DetectionMetrics();
        Optional<RunStats> stats = how.overImages(detector, dataset.images(), r -> {
            List<DetectionMetrics.Labelled> truth = new ArrayList<>();
            for (DetectionDataset.Truth t : dataset.truth(Path.of(r.meta().source()))) {
                truth.add(new DetectionMetrics.Labelled(
                        t.classId(), t.toPixels(r.meta().width(), r.meta().height()), 1f));
            }
            List<DetectionMetrics.Labelled> found = new ArrayList<>();
            for (Detection d : ((DetectionResult) r).detections()) {
                found.add(new DetectionMetrics.Labelled(d.classId(), d.box(), d.score()));
            }
            metrics.add(truth, found);
        });
        return stats.map(s -> report(data, dataset, model, settings, metrics.compute(settings.reportConfidence()), s));
    }

    private static EvaluationReport report(
            Path data,
            DetectionDataset dataset,
            ResolvedModel model,
            Settings settings,
            DetectionMetrics.Result result,
            RunStats stats) {
        List<String> labels = model.labels();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Detection on %s (%s): %d images, %d boxes, model %s (%s, sha256 %s), conf %.3f, NMS IoU %.2f, "
                        + "max-det %d",
                data,
                dataset.format(),
                result.images(),
                result.groundTruthPerClass().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum(),
                model.name(),
                model.engine().id(),
                model.sha256().substring(0, 12),
                settings.confidence(),
                settings.iou(),
                settings.maxDetections()));
        lines.add(String.format(
                Locale.ROOT,
                "mAP@0.5 %.2f %%   mAP@0.5:0.95 %.2f %%   precision %.2f %%   recall %.2f %% (at score >= %.2f, IoU 0.5)",
                100 * result.map50(),
                100 * result.map50to95(),
                100 * result.precision(),
                100 * result.recall(),
                settings.reportConfidence()));
        lines.add("per class (boxes, AP@0.5, AP@0.5:0.95):");
        result.apPerClass()
                .forEach((cls, aps) -> lines.add(String.format(
                        Locale.ROOT,
                        "  %-16s %5d %7.2f %% %7.2f %%",
                        Labels.of(labels, cls),
                        result.groundTruthPerClass().get(cls),
                        100 * aps[0],
                        100 * Arrays.stream(aps).average().orElse(0))));
        ObjectNode json = EvaluationRun.header("detect", data, model);
        json.put("images", result.images());
        json.put("skipped", stats.skipped());
        json.put("format", dataset.format());
        json.put("conf", settings.confidence());
        json.put("iou", settings.iou());
        json.put("max_det", settings.maxDetections());
        json.put("map50", result.map50());
        json.put("map50_95", result.map50to95());
        json.put("precision", result.precision());
        json.put("recall", result.recall());
        json.put("report_conf", settings.reportConfidence());
        ObjectNode perClass = json.putObject("per_class");
        result.apPerClass()
                .forEach((cls, aps) -> perClass.putObject(Labels.of(labels, cls))
                        .put("boxes", result.groundTruthPerClass().get(cls))
                        .put("ap50", aps[0])
                        .put("ap50_95", Arrays.stream(aps).average().orElse(0)));
        EvaluationRun.footer(json, stats);
        return new EvaluationReport(lines, json, stats);
    }
}
