package dev.vision.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.eval.ClassificationDataset;
import dev.vision.core.eval.ClassificationMetrics;
import dev.vision.core.eval.DetectionDataset;
import dev.vision.core.eval.DetectionMetrics;
import dev.vision.core.eval.MotSequence;
import dev.vision.core.eval.TrackingMetrics;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.inference.Labels;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.track.TrackingStage;
import dev.vision.core.track.TrackingSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vision eval classify|detect --data DIR}: how accurate is the model on a labelled set? */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Measure a model on a labelled dataset.",
        subcommands = {EvalCommand.Classify.class, EvalCommand.Detect.class, EvalCommand.Track.class})
public final class EvalCommand {

    /** Options both evaluations take. */
    static final class Common {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The labelled dataset.")
        Path data;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics to FILE as JSON.")
        Path json;

        @Option(
                names = "--batch",
                defaultValue = "8",
                paramLabel = "N",
                description = "Images per model call (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--force", description = "Replace an existing --json file.")
        boolean force;

        @Option(
                names = "--full-decode",
                description = "Decode every image in full (by default a JPEG at least twice "
                        + "the size the model needs is decoded at a reduced size, as detect and classify do).")
        boolean fullDecode;

        @Option(
                names = {"-q", "--quiet"},
                description = "No progress bar.")
        boolean quiet;
    }

    @Command(
            name = "classify",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Top-1 and top-5 accuracy, per-class accuracy and the most frequent confusions.")
    static final class Classify implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(
                names = "--model",
                defaultValue = "mobilenet-v2",
                paramLabel = "NAME|FILE",
                description = "Classifier (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(
                names = "--index",
                paramLabel = "FILE",
                description = "WordNet id index (default: DIR/imagenet_class_index.json).")
        Path index;

        @Mixin
        ModelOptions modelOptions;

        @Override
        public Integer call() {
            try (Console console = Console.forStderr(common.quiet)) {
                new OutputCheck(common.force).file("--json", common.json);
                ClassificationMetrics metrics = new ClassificationMetrics();
                RunStats stats;
                ResolvedModel resolved;
                try (Classifier classifier = modelOptions
                        .applyTo(Classifier.builder(), model, /* video= */ false)
                        .topK(5)
                        .build()) {
                    resolved = classifier.model();
                    RunTask.announce(console, classifier);
                    ClassificationDataset dataset = ClassificationDataset.load(common.data, resolved.labels(), index);
                    stats = evaluate(
                            classifier,
                            dataset.images(),
                            common,
                            console,
                            r -> metrics.add(
                                    dataset.truth(Path.of(r.meta().source())),
                                    ((ClassificationResult) r)
                                            .classes().stream()
                                                    .map(Classification::classId)
                                                    .toList()));
                }
                if (stats == null) {
                    return Interrupts.EXIT_CODE;
                }
                List<String> labels = resolved.labels();
                PrintStream out = System.out;
                out.printf(
                        Locale.ROOT,
                        "Classification on %s: %d images, model %s (%s, sha256 %s)%n",
                        common.data,
                        metrics.total(),
                        resolved.name(),
                        resolved.engine().id(),
                        resolved.sha256().substring(0, 12));
                out.printf(Locale.ROOT, "top-1 %.2f %%   top-5 %.2f %%%n", 100 * metrics.top1(), 100 * metrics.top5());
                out.println("per class (top-1 accuracy, images):");
                metrics.perClassAccuracy()
                        .forEach((cls, acc) -> out.printf(
                                Locale.ROOT,
                                "  %-28s %6.1f %%  %d%n",
                                Labels.of(labels, cls),
                                100 * acc,
                                metrics.perClassCount().get(cls)));
                List<int[]> confusions = metrics.topConfusions(10);
                if (!confusions.isEmpty()) {
                    out.println("most frequent confusions (true -> predicted: images):");
                    confusions.forEach(c -> out.printf(
                            Locale.ROOT, "  %s -> %s: %d%n", Labels.of(labels, c[0]), Labels.of(labels, c[1]), c[2]));
                }
                ObjectNode json = header("classify", common, resolved, metrics.total(), stats);
                json.put("top1", metrics.top1());
                json.put("top5", metrics.top5());
                ObjectNode perClass = json.putObject("per_class_top1");
                metrics.perClassAccuracy().forEach((cls, acc) -> perClass.put(Labels.of(labels, cls), acc));
                var conf = json.putArray("confusions");
                confusions.forEach(c -> conf.addObject()
                        .put("true", Labels.of(labels, c[0]))
                        .put("predicted", Labels.of(labels, c[1]))
                        .put("count", c[2]));
                return finish(json, common, console, stats);
            }
        }
    }

    @Command(
            name = "detect",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "COCO-style mAP@0.5 and mAP@0.5:0.95 (101-point interpolation), precision, recall and per-class AP.")
    static final class Detect implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(
                names = "--model",
                defaultValue = "yolox-nano",
                paramLabel = "NAME|FILE",
                description = "Detector (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(
                names = "--conf",
                defaultValue = "0.001",
                description = "Score threshold of the detection run (default: ${DEFAULT-VALUE}).")
        float confidence;

        @Option(
                names = "--iou",
                defaultValue = "0.65",
                description = "NMS IoU threshold (default: ${DEFAULT-VALUE}, as YOLOX's own evaluation).")
        float iou;

        @Option(
                names = "--max-det",
                defaultValue = "100",
                description = "Detections kept per image (default: ${DEFAULT-VALUE}, as COCO).")
        int maxDetections;

        @Option(
                names = "--format",
                defaultValue = "auto",
                paramLabel = "auto|yolo|coco",
                description =
                        "Dataset layout (default: ${DEFAULT-VALUE}: YOLO when DIR has labels/, else its COCO JSON).")
        String format;

        @Option(
                names = "--report-conf",
                defaultValue = "" + DetectionFilter.DEFAULT_CONFIDENCE,
                description = "Score threshold for precision and recall (default: ${DEFAULT-VALUE}).")
        float reportConfidence;

        @Mixin
        ModelOptions modelOptions;

        @Override
        public Integer call() {
            try (Console console = Console.forStderr(common.quiet)) {
                new OutputCheck(common.force).file("--json", common.json);
                DetectionMetrics metrics = new DetectionMetrics();
                RunStats stats;
                ResolvedModel resolved;
                DetectionDataset dataset;
                try (Detector detector = modelOptions
                        .applyTo(Detector.builder(), model, /* video= */ false)
                        .conf(confidence)
                        .iou(iou)
                        .maxDetections(maxDetections)
                        .build()) {
                    resolved = detector.model();
                    RunTask.announce(console, detector);
                    dataset = DetectionDataset.load(common.data, resolved.labels(), format);
                    stats = evaluate(detector, dataset.images(), common, console, r -> {
                        List<DetectionMetrics.Labelled> truth = new ArrayList<>();
                        for (DetectionDataset.Truth t :
                                dataset.truth(Path.of(r.meta().source()))) {
                            truth.add(new DetectionMetrics.Labelled(
                                    t.classId(),
                                    t.toPixels(r.meta().width(), r.meta().height()),
                                    1f));
                        }
                        List<DetectionMetrics.Labelled> found = new ArrayList<>();
                        for (Detection d : ((DetectionResult) r).detections()) {
                            found.add(new DetectionMetrics.Labelled(d.classId(), d.box(), d.score()));
                        }
                        metrics.add(truth, found);
                    });
                }
                if (stats == null) {
                    return Interrupts.EXIT_CODE;
                }
                DetectionMetrics.Result result = metrics.compute(reportConfidence);
                List<String> labels = resolved.labels();
                PrintStream out = System.out;
                out.printf(
                        Locale.ROOT,
                        "Detection on %s (%s): %d images, %d boxes, model %s (%s, sha256 %s), conf %.3f, "
                                + "NMS IoU %.2f, max-det %d%n",
                        common.data,
                        dataset.format(),
                        result.images(),
                        result.groundTruthPerClass().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum(),
                        resolved.name(),
                        resolved.engine().id(),
                        resolved.sha256().substring(0, 12),
                        confidence,
                        iou,
                        maxDetections);
                out.printf(
                        Locale.ROOT,
                        "mAP@0.5 %.2f %%   mAP@0.5:0.95 %.2f %%   precision %.2f %%   recall %.2f %% "
                                + "(at score >= %.2f, IoU 0.5)%n",
                        100 * result.map50(),
                        100 * result.map50to95(),
                        100 * result.precision(),
                        100 * result.recall(),
                        reportConfidence);
                out.println("per class (boxes, AP@0.5, AP@0.5:0.95):");
                result.apPerClass()
                        .forEach((cls, aps) -> out.printf(
                                Locale.ROOT,
                                "  %-16s %5d %7.2f %% %7.2f %%%n",
                                Labels.of(labels, cls),
                                result.groundTruthPerClass().get(cls),
                                100 * aps[0],
                                100 * Arrays.stream(aps).average().orElse(0)));
                ObjectNode json = header("detect", common, resolved, result.images(), stats);
                json.put("format", dataset.format());
                json.put("conf", confidence);
                json.put("iou", iou);
                json.put("max_det", maxDetections);
                json.put("map50", result.map50());
                json.put("map50_95", result.map50to95());
                json.put("precision", result.precision());
                json.put("recall", result.recall());
                json.put("report_conf", reportConfidence);
                ObjectNode perClass = json.putObject("per_class");
                result.apPerClass()
                        .forEach((cls, aps) -> perClass.putObject(Labels.of(labels, cls))
                                .put("boxes", result.groundTruthPerClass().get(cls))
                                .put("ap50", aps[0])
                                .put("ap50_95", Arrays.stream(aps).average().orElse(0)));
                return finish(json, common, console, stats);
            }
        }
    }

    @Command(
            name = "track",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "MOTA, IDF1, ID switches, FP and FN (CLEAR MOT at IoU 0.5) on a MOTChallenge-layout sequence.")
    static final class Track implements Callable<Integer> {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "A sequence: seqinfo.ini, gt/gt.txt, and img1/ or a video file.")
        Path data;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics to FILE as JSON.")
        Path json;

        @Option(names = "--force", description = "Replace an existing --json or --save-tracks file.")
        boolean force;

        @Option(
                names = "--save-tracks",
                paramLabel = "FILE",
                description =
                        "Write the tracker's boxes in the MOTChallenge format (frame,id,left,top,width,height,score,-1,-1,-1).")
        Path saveTracks;

        @Option(
                names = {"-q", "--quiet"},
                description = "No progress bar.")
        boolean quiet;

        @Option(
                names = "--model",
                defaultValue = "yolox-nano",
                paramLabel = "NAME|FILE",
                description = "Detector (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(
                names = "--classes",
                split = ",",
                defaultValue = "person",
                paramLabel = "NAME|ID",
                description = "Classes tracked (default: ${DEFAULT-VALUE}, as MOTChallenge's pedestrians).")
        List<String> classes;

        @Option(
                names = "--conf",
                defaultValue = "0.1",
                description = "Lowest detection score (default: ${DEFAULT-VALUE}).")
        float confidence;

        @Mixin
        ModelOptions modelOptions;

        @Mixin
        TrackOptions trackOptions;

        @Override
        public Integer call() {
            try (Console console = Console.forStderr(quiet)) {
                TrackOptions.Setup setup = trackOptions.setup();
                MotSequence sequence = MotSequence.load(data);
                new OutputCheck(force).file("--json", json).file("--save-tracks", saveTracks);
                TrackingMetrics metrics = new TrackingMetrics();
                List<String> rows = new ArrayList<>();
                TrackingStage stage = setup.stage(w -> console.print("vision: warning: " + w));
                RunStats stats;
                ResolvedModel resolved;
                Interrupts interrupts = Interrupts.install(console);
                try (Detector detector = modelOptions
                                .applyTo(Detector.builder(), model, sequence.video() != null)
                                .conf(confidence)
                                .classes(classes)
                                .build();
                        FrameSource frames = sequence.video() != null
                                ? Sources.open(sequence.video().toString())
                                : new ImageFilesSource(sequence.images(), sequence.frameRate())) {
                    resolved = detector.model();
                    RunTask.announce(console, detector);
                    VisionRun run = VisionRun.builder()
                            .source(frames)
                            .model(detector)
                            .stage(stage)
                            .sink((result, annotated) -> {
                                int n = (int) result.meta().index() + 1; // gt.txt counts frames from 1
                                List<TrackingMetrics.Identified> tracked = new ArrayList<>();
                                for (Detection d : ((DetectionResult) result).detections()) {
                                    var b = d.box();
                                    tracked.add(new TrackingMetrics.Identified(
                                            d.trackId().orElseThrow(), b));
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
                            .listener(progress(console))
                            .build();
                    interrupts.onInterrupt(run::stop);
                    console.startProgress("eval track", sequence.length(), " frames");
                    stats = run.execute();
                    console.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Interrupts.EXIT_CODE;
                }
                if (stats.wasInterrupted()) {
                    return Interrupts.EXIT_CODE;
                }
                if (stats.skipped() > 0) {
                    return RunTask.fail(
                            console,
                            stats.skipped() + " frame(s) could not be read: the metrics would "
                                    + "count their objects as missed");
                }
                TrackingMetrics.Result m = metrics.compute();
                PrintStream out = System.out;
                out.printf(
                        Locale.ROOT,
                        "Tracking on %s: %d frames, %d ground-truth boxes of %d objects, tracker %s, "
                                + "model %s (%s, sha256 %s)%n",
                        data,
                        m.frames(),
                        m.groundTruth(),
                        m.groundTruthIds(),
                        setup.describe().get("tracker"),
                        resolved.name(),
                        resolved.engine().id(),
                        resolved.sha256().substring(0, 12));
                out.printf(
                        Locale.ROOT,
                        "MOTA %.2f %%   IDF1 %.2f %%   ID switches %d   FP %d   FN %d   MOTP %.3f   " + "tracks %d%n",
                        100 * m.mota(),
                        100 * m.idf1(),
                        m.idSwitches(),
                        m.falsePositives(),
                        m.falseNegatives(),
                        m.motp(),
                        m.hypothesisIds());
                TrackingSummary summary = stage.summary();
                TrackingLines.of(stage, "").forEach(out::println);
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode report = mapper.createObjectNode();
                report.put("task", "track");
                report.put("data", data.toString());
                report.put("model", resolved.name());
                report.put("sha256", resolved.sha256());
                report.set("tracking", mapper.valueToTree(setup.describe()));
                report.set("metrics", mapper.valueToTree(m.asMap()));
                report.set("counts", mapper.valueToTree(summary));
                if (saveTracks != null) {
                    try {
                        Files.write(saveTracks, rows);
                    } catch (IOException e) {
                        return RunTask.fail(console, "cannot write " + saveTracks + ": " + e.getMessage());
                    }
                }
                Common common = new Common();
                common.json = json;
                common.force = force;
                return finish(report, common, console, stats);
            }
        }
    }

    /** The progress bar steps for each input; a skipped one is also named, with why. */
    private static RunListener progress(Console console) {
        return new RunListener() {
            @Override
            public void processed(FrameResult r, long done, long expected) {
                console.step();
            }

            @Override
            public void skipped(String input, String reason, long done, long expected) {
                console.print(input + ": skipped: " + reason);
                console.step();
            }
        };
    }

    /** Runs the model over the images; null when interrupted. Unreadable images are skipped and reported. */
    private static RunStats evaluate(
            ImageModel<?> model, List<Path> images, Common common, Console console, Consumer<FrameResult> collect) {
        Interrupts interrupts = Interrupts.install(console);
        try (ImageFilesSource source =
                new ImageFilesSource(images, 0, 1, common.fullDecode ? 0 : model.neededImageSide())) {
            VisionRun run = VisionRun.builder()
                    .source(source)
                    .model(model)
                    .batchSize(common.batch)
                    .sink((result, annotated) -> collect.accept(result))
                    .listener(progress(console))
                    .build();
            interrupts.onInterrupt(run::stop);
            console.startProgress("eval", images.size(), " img");
            RunStats stats = run.execute();
            console.close();
            return stats.wasInterrupted() ? null : stats;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What every metrics file starts with: which task, data and model (by its sha256), and how many images. */
    private static ObjectNode header(String task, Common common, ResolvedModel model, int images, RunStats stats) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("task", task);
        json.put("data", common.data.toString());
        json.put("model", model.name());
        json.put("sha256", model.sha256());
        json.put("images", images);
        json.put("skipped", stats.skipped());
        return json;
    }

    private static int finish(ObjectNode json, Common common, Console console, RunStats stats) {
        json.put("vision_version", VisionVersion.get());
        json.put("wall_seconds", Math.round(stats.wallSeconds() * 100) / 100.0);
        if (common.json != null) {
            try {
                if (Files.exists(common.json) && !common.force) {
                    return RunTask.fail(console, "output file " + common.json + " exists (use --force to replace it)");
                }
                Path parent = common.json.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path temp = Files.createTempFile(parent, ".vision-", ".part");
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), json);
                Files.move(temp, common.json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                return RunTask.fail(console, "cannot write " + common.json + ": " + e.getMessage());
            }
        }
        if (stats.skipped() > 0) {
            console.print("vision: " + stats.skipped() + " image(s) skipped; the metrics cover the others");
            return ExitCodes.SKIPPED;
        }
        return ExitCodes.OK;
    }
}
