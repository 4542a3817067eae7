package dev.vision.core.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Labels;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A classifier measured on a labelled image folder: top-1 and top-5 accuracy, per class, and confusions. */
public final class ClassifierEvaluation {

    private ClassifierEvaluation() {}

    /**
     * Runs {@code classifier} (built with a top-k of at least 5) over the folder {@code data}.
     *
     * @param index the WordNet id index, or null for {@code DATA/imagenet_class_index.json}
     * @return the report, or empty when the run was stopped
     */
    public static Optional<EvaluationReport> evaluate(Classifier classifier, Path data, Path index, EvaluationRun how)
            throws InterruptedException {
        ResolvedModel model = classifier.model();
        ClassificationDataset dataset = ClassificationDataset.load(data, model.labels(), index);
        ClassificationMetrics metrics = new ClassificationMetrics();
        Optional<RunStats> stats = how.overImages(
                classifier,
                dataset.images(),
                r -> metrics.add(
                        dataset.truth(Path.of(r.meta().source())),
                        ((ClassificationResult) r)
                                .classes().stream().map(Classification::classId).toList()));
        return stats.map(s -> report(data, model, metrics, s));
    }

    private static EvaluationReport report(
            Path data, ResolvedModel model, ClassificationMetrics metrics, RunStats stats) {
        List<String> labels = model.labels();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Classification on %s: %d images, model %s (%s, sha256 %s)",
                data,
                metrics.total(),
                model.name(),
                model.engine().id(),
                model.sha256().substring(0, 12)));
        lines.add(String.format(
                Locale.ROOT, "top-1 %.2f %%   top-5 %.2f %%", 100 * metrics.top1(), 100 * metrics.top5()));
        lines.add("per class (top-1 accuracy, images):");
        metrics.perClassAccuracy()
                .forEach((cls, acc) -> lines.add(String.format(
                        Locale.ROOT,
                        "  %-28s %6.1f %%  %d",
                        Labels.of(labels, cls),
                        100 * acc,
                        metrics.perClassCount().get(cls))));
        List<int[]> confusions = metrics.topConfusions(10);
        if (!confusions.isEmpty()) {
            lines.add("most frequent confusions (true -> predicted: images):");
            confusions.forEach(c -> lines.add(String.format(
                    Locale.ROOT, "  %s -> %s: %d", Labels.of(labels, c[0]), Labels.of(labels, c[1]), c[2])));
        }
        ObjectNode json = EvaluationRun.header("classify", data, model);
        json.put("images", metrics.total());
        json.put("skipped", stats.skipped());
        json.put("top1", metrics.top1());
        json.put("top5", metrics.top5());
        ObjectNode perClass = json.putObject("per_class_top1");
        metrics.perClassAccuracy().forEach((cls, acc) -> perClass.put(Labels.of(labels, cls), acc));
        ArrayNode conf = json.putArray("confusions");
        confusions.forEach(c -> conf.addObject()
                .put("true", Labels.of(labels, c[0]))
                .put("predicted", Labels.of(labels, c[1]))
                .put("count", c[2]));
        EvaluationRun.footer(json, stats);
        return new EvaluationReport(lines, json, stats);
    }
}
