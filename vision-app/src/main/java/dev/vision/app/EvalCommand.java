package dev.vision.app;

import dev.vision.core.eval.ClassifierEvaluation;
import dev.vision.core.eval.CountEvaluation;
import dev.vision.core.eval.DetectorEvaluation;
import dev.vision.core.eval.EvaluationReport;
import dev.vision.core.eval.EvaluationRun;
import dev.vision.core.eval.MotSequence;
import dev.vision.core.eval.TrackerEvaluation;
import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.run.JsonFiles;
import dev.vision.core.track.TrackingStage;
import dev.vision.serve.run.OneShotRun;
import dev.vision.serve.run.OutputCheck;
import dev.vision.serve.run.RunProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision eval classify|detect --data DIR}: how accurate is the model on a labelled set? */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Measure a model on a labelled dataset.",
        subcommands = {
            EvalCommand.Classify.class,
            EvalCommand.Detect.class,
            EvalCommand.Track.class,
            EvalCommand.Count.class
        })
public final class EvalCommand {

    /** Where every evaluation's figures go, and whether it shows progress. */
    static final class Outputs {
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics to FILE as JSON.")
        Path json;

        @Option(names = "--force", description = "Replace an existing output file.")
        boolean force;

        @Option(
                names = {"-q", "--quiet"},
                description = "No progress bar.")
        boolean quiet;
    }

    /** Options both image evaluations take. */
    static final class Common {
        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The labelled dataset.")
        Path data;

        @Mixin
        Outputs outputs;

        @Option(
                names = "--batch",
                defaultValue = "8",
                paramLabel = "N",
                description = "Images per model call (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--full-decode",
                description = "Decode every image in full (by default a JPEG at least twice "
                        + "the size the model needs is decoded at a reduced size, as detect and classify do).")
        boolean fullDecode;

        EvaluationRun run(Console console, String task, String unit) {
            return EvalCommand.run(
                    console, batch, fullDecode ? EvaluationRun.Decode.FULL : EvaluationRun.Decode.REDUCED, task, unit);
        }
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
        public Integer call() throws InterruptedException {
            try (Console console = Console.forStderr(common.outputs.quiet)) {
                new OutputCheck(common.outputs.force).file("--json", common.outputs.json);
                Optional<EvaluationReport> report;
                try (Classifier classifier = modelOptions
                        .applyTo(Classifier.builder(), model, /* video= */ false)
                        .topK(5)
                        .build()) {
                    OneShotRun.announce(console, classifier);
                    report = ClassifierEvaluation.evaluate(
                            classifier, common.data, index, common.run(console, "eval", " img"));
                }
                return finish(report, common.outputs.json, common.outputs.force, console);
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
        public Integer call() throws InterruptedException {
            try (Console console = Console.forStderr(common.outputs.quiet)) {
                new OutputCheck(common.outputs.force).file("--json", common.outputs.json);
                Optional<EvaluationReport> report;
                try (Detector detector = modelOptions
                        .applyTo(Detector.builder(), model, /* video= */ false)
                        .conf(confidence)
                        .iou(iou)
                        .maxDetections(maxDetections)
                        .build()) {
                    OneShotRun.announce(console, detector);
                    report = DetectorEvaluation.evaluate(
                            detector,
                            common.data,
                            format,
                            new DetectorEvaluation.Settings(confidence, iou, maxDetections, reportConfidence),
                            common.run(console, "eval", " img"));
                }
                return finish(report, common.outputs.json, common.outputs.force, console);
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

        @Mixin
        Outputs outputs;

        @Option(
                names = "--save-tracks",
                paramLabel = "FILE",
                description =
                        "Write the tracker's boxes in the MOTChallenge format (frame,id,left,top,width,height,score,-1,-1,-1).")
        Path saveTracks;

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
        public Integer call() throws InterruptedException {
            try (Console console = Console.forStderr(outputs.quiet)) {
                TrackOptions.Setup setup = trackOptions.setup();
                MotSequence sequence = MotSequence.load(data);
                new OutputCheck(outputs.force).file("--json", outputs.json).file("--save-tracks", saveTracks);
                TrackingStage stage = setup.stage(w -> console.print("vision: warning: " + w));
                Optional<TrackerEvaluation.Report> result;
                try (Detector detector = modelOptions
                        .applyTo(Detector.builder(), model, sequence.video() != null)
                        .conf(confidence)
                        .classes(classes)
                        .build()) {
                    OneShotRun.announce(console, detector);
                    result = TrackerEvaluation.evaluate(
                            detector,
                            data,
                            stage,
                            setup.describe(),
                            run(console, 1, EvaluationRun.Decode.REDUCED, "eval track", " frames"));
                }
                if (result.isEmpty()) {
                    return Interrupts.EXIT_CODE;
                }
                if (result.get().report().stats().skipped() > 0) {
                    return RunTask.fail(
                            console,
                            result.get().report().stats().skipped() + " frame(s) could not be read: the metrics would "
                                    + "count their objects as missed");
                }
                if (saveTracks != null) {
                    try {
                        Files.write(saveTracks, result.get().motRows());
                    } catch (IOException e) {
                        return RunTask.fail(console, "cannot write " + saveTracks + ": " + e.getMessage());
                    }
                }
                return finish(result.map(TrackerEvaluation.Report::report), outputs.json, outputs.force, console);
            }
        }
    }

    @Command(
            name = "count",
            mixinStandardHelpOptions = true,
            description = "Count error of a run: its JSON lines' crossings and zone visits against the truth, "
                    + "per window and overall. COUNTS.json: {\"lines\": {NAME: {\"in\": N, \"out\": N}}, "
                    + "\"zones\": {NAME: {\"visits\": N}}}, optionally \"class\" and \"windows\": [{\"from_s\", "
                    + "\"to_s\", \"lines\", \"zones\"}].")
    static final class Count implements Callable<Integer> {
        @Parameters(paramLabel = "RUN.jsonl", description = "The JSON lines of a vision track run.")
        Path run;

        @Option(names = "--gt", required = true, paramLabel = "COUNTS.json", description = "The true counts.")
        Path truth;

        @Option(names = "--json", description = "Print the comparison as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            CountEvaluation.Report report = CountEvaluation.compare(run, truth);
            (json ? List.of(report.json().toString()) : report.lines()).forEach(System.out::println);
            return ExitCodes.OK;
        }
    }

    /**
     * How an evaluation runs from the command line: Ctrl-C stops it, a progress bar counts its inputs, a
     * skipped input is named with why.
     */
    static EvaluationRun run(Console console, int batch, EvaluationRun.Decode decode, String task, String unit) {
        Interrupts interrupts = Interrupts.install(console);
        RunListener progress = RunProgress.counted(
                console, unit.trim().replaceAll("s$", ""), unit.trim().equals("frames") ? "FPS" : unit.trim() + "/s");
        return new EvaluationRun(batch, decode, progress, (run, inputs) -> {
            interrupts.onInterrupt(run::stop);
            console.startProgress(task, inputs, unit);
        });
    }

    /** Prints the report and writes its JSON; the exit code says whether some inputs were skipped. */
    private static int finish(Optional<EvaluationReport> report, Path json, boolean force, Console console) {
        console.close(); // the progress bar ends before the report
        if (report.isEmpty()) {
            return Interrupts.EXIT_CODE;
        }
        report.get().lines().forEach(System.out::println);
        if (json != null) {
            try {
                if (Files.exists(json) && !force) {
                    return RunTask.fail(console, "output file " + json + " exists (use --force to replace it)");
                }
                JsonFiles.write(json, report.get().json());
            } catch (IOException e) {
                return RunTask.fail(console, "cannot write " + json + ": " + e.getMessage());
            }
        }
        long skipped = report.get().stats().skipped();
        if (skipped > 0) {
            console.print("vision: " + skipped + " image(s) skipped; the metrics cover the others");
            return ExitCodes.SKIPPED;
        }
        return ExitCodes.OK;
    }
}
