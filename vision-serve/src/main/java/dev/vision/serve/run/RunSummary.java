package dev.vision.serve.run;

import dev.vision.core.VisionVersion;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.pipeline.PartFailedException;
import dev.vision.core.pipeline.RunStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The end of a run on the console and in run.json: the summary lines, and a failed part said in one line. */
public final class RunSummary {

    private RunSummary() {}

    /** Once the sinks are complete: run.json in the run folder, then the summary lines. */
    static void finish(
            RunConsole console,
            RunStats stats,
            ImageModel<?> model,
            RunRecord record,
            RunOutputs outputs,
            TaskSpec task)
            throws IOException {
        record.outputs(outputs.existing());
        record.finished(stats, Instant.now(), task.trackingSummary());
        record.annotatedCopies(outputs.annotatedCopies());
        if (!outputs.clips().isEmpty()) {
            record.clips(outputs.clips().stream().map(Path::toString).toList());
        }
        if (outputs.runFolder() != null) {
            try {
                record.write(outputs.runFolder());
            } catch (IOException e) {
                throw new IOException("cannot write run.json: " + e.getMessage(), e);
            }
        }
        summary(console, stats, model, record.settingsLine(), outputs, task.modelTask());
        outputs.streamLines(stats).forEach(console::print);
        if (!outputs.clips().isEmpty()) {
            console.print("Clips: " + outputs.clips().size() + " written: "
                    + outputs.clips().stream().map(Path::toString).collect(Collectors.joining(", ")) + ".");
        }
        task.summaryLines().forEach(console::print);
        outputs.eventLines().forEach(console::print);
    }

    /**
     * A thread of the run died: one line that names the part, the cause and the videos kept as partial.
     */
    static void partFailed(RunConsole console, PartFailedException e, List<Path> partialVideos) {
        boolean limit = e.environmentLimit();
        String videos = partialVideos.isEmpty()
                ? ""
                : partialVideos.size() == 1
                        ? "; the video so far is kept as " + partialVideos.get(0)
                        : "; the videos so far are kept as NAME.partial.mp4 in "
                                + partialVideos.get(0).getParent();
        String hint = e.getCause() instanceof OutOfMemoryError
                ? " (run with --no-save, a lower --max-fps or fewer sources, or give it more memory)"
                : "";
        console.print("vision: " + (limit ? "" : "internal error (a bug, please report it): ") + e.getMessage() + hint
                + videos);
    }

    private static void summary(
            RunConsole console,
            RunStats stats,
            ImageModel<?> model,
            String settings,
            RunOutputs outputs,
            ModelFamily.Task modelTask) {
        // ImageNet labels hold commas ("tabby, tabby cat"): classes are joined with semicolons
        String separator = switch (modelTask) {
            case CLASSIFY -> "; ";
            case DETECT -> ", ";
        };
        String counts = stats.perLabel().isEmpty()
                ? switch (modelTask) {
                    case CLASSIFY -> "no classes";
                    case DETECT -> "no objects";
                }
                : stats.perLabel().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getValue() + " " + e.getKey()
                                + (outputs.video() && modelTask == ModelFamily.Task.DETECT
                                        ? " (at most " + stats.peakPerLabel().get(e.getKey()) + " in one frame)"
                                        : ""))
                        .collect(Collectors.joining(separator));
        String unit = outputs.video() ? "frame(s)" : "image(s)";
        console.print(String.format(
                Locale.ROOT,
                "%s: %d %s read, %d processed, %d dropped, %d skipped in %.1f s "
                        + "(%.1f FPS end to end, %.1f FPS model only).",
                stats.wasInterrupted() ? "Interrupted" : "Done",
                stats.read(),
                unit,
                stats.processed(),
                stats.dropped(),
                stats.skipped(),
                stats.wallSeconds(),
                stats.fps(),
                stats.modelOnlyFps()));
        console.print(switch (modelTask) {
                    case CLASSIFY -> "Top-1 classes: ";
                    case DETECT -> outputs.video() ? "Detections summed over frames: " : "Objects: ";
                }
                + counts + ".");
        StringBuilder stages = new StringBuilder("Stages (mean/p95 ms):");
        stats.stages()
                .forEach((name, s) -> stages.append(
                        String.format(Locale.ROOT, " %s %.1f/%.1f", name.id(), s.meanMs(), s.percentileMs(95))));
        console.print(stages.toString());
        var m = model.model();
        console.print(String.format(
                Locale.ROOT,
                "Model: %s (%s, sha256 %s, %s) on %s %s; %s; vision %s.",
                m.name(),
                m.file().getFileName(),
                m.sha256().substring(0, 12),
                m.licence(),
                m.engine().djlName(),
                model.deviceName(),
                settings,
                VisionVersion.get()));
        if (!outputs.existing().isEmpty()) {
            console.print("Results: "
                    + outputs.existing().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + (outputs.runFolder() != null ? ", run.json in " + outputs.runFolder() : ""));
        }
    }

    /** Counts per label, in label order, as "1 cat, 2 dog". */
    public static String countsText(List<String> labels, String none) {
        if (labels.isEmpty()) {
            return none;
        }
        return labels.stream()
                .collect(Collectors.groupingBy(l -> l, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
