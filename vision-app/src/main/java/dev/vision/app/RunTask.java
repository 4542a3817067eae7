package dev.vision.app;

import dev.vision.core.capture.SourceSet;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.SinkFailedException;
import dev.vision.serve.events.MqttOutput;
import dev.vision.serve.run.OutputLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a model over a SOURCE, as detect and classify do it: the options become a model, a source,
 * outputs and a {@link VisionRun}; the run's outcome becomes console lines, run.json and an exit code. What
 * differs between the tasks comes from a {@link CommandTask}; {@link OneRun} composes the run itself.
 */
final class RunTask {

    private final List<String> sources;
    final RunOptions run;
    final int batch;
    final List<String> commandLine;

    /**
     * @param sources     the SOURCE arguments as given (--sources FILE is read here)
     * @param commandLine the arguments as given, for run.json
     */
    RunTask(List<String> sources, RunOptions run, int batch, List<String> commandLine) {
        this.sources = sources;
        this.run = run;
        this.batch = batch;
        this.commandLine = commandLine;
    }

    int execute(CommandTask task, Console console) {
        Interrupts interrupts = Interrupts.install(console);
        if (run.readTimeoutMs < 100) {
            return fail(console, "--read-timeout must be at least 100 ms");
        }
        checkBeforeLoading(task);
        List<String> specs = run.sources(sources);
        RunStats stats = new RunStats();
        Instant started = Instant.now(); // run.json's start: before the sources are planned and probed
        OneRun.Outcome outcome;
        try (OutputLock locked = lockOutputs();
                SourceSet plan = SourceSet.plan(specs, run.sourceOptions())) {
            outcome = new OneRun(this, task, console, interrupts, specs, plan, stats, started).loadAndRun();
        } catch (SinkFailedException e) {
            return fail(
                    console,
                    e.getMessage().startsWith("cannot") ? e.getMessage() : "cannot write results: " + e.getMessage());
        } catch (IOException e) {
            return fail(console, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Interrupts.EXIT_CODE;
        }
        if (outcome instanceof OneRun.Outcome.Stopped stopped) {
            return stopped.exitCode();
        }
        return exitCode(console, interrupts, stats, ((OneRun.Outcome.Completed) outcome).undeliveredEvents());
    }

    /** The --out folder and the --json and --csv files, kept to this run (another run on them is refused). */
    private OutputLock lockOutputs() throws IOException {
        List<Path> folders = new ArrayList<>();
        if (!run.noSave && run.out != null) {
            folders.add(run.out);
        }
        List<Path> files = new ArrayList<>();
        if (run.json != null && !run.json.equals("-")) {
            files.add(Path.of(run.json));
        }
        if (run.csv != null) {
            files.add(run.csv);
        }
        return OutputLock.take(folders, files, "vision " + String.join(" ", commandLine));
    }

    /** Settings that would fail later are refused before anything loads. */
    private void checkBeforeLoading(CommandTask task) {
        new PipelineOptions(batch, run.vidStride, 8, 0); // a bad --batch or --vid-stride
        run.checkLoadControl(task.tracked());
        run.checkOutputs(); // an output that cannot be written
        run.sourceOptions(); // a bad --decode-threads, --max-fps or --read-timeout
        if (run.mqtt != null) { // a broker that refuses the credentials is a setup error
            MqttOutput.checkCredentials(
                    URI.create(run.mqtt), System.getenv("VISION_MQTT_USER"), System.getenv("VISION_MQTT_PASSWORD"));
        }
    }

    private static int exitCode(Console console, Interrupts interrupts, RunStats stats, long undeliveredEvents) {
        if (interrupts.deathExitCode() != 0) {
            return interrupts.deathExitCode();
        }
        if (stats.wasInterrupted()) {
            return Interrupts.EXIT_CODE;
        }
        if (undeliveredEvents > 0) {
            console.print("vision: " + undeliveredEvents + " event(s) could not be delivered (see Events above)");
            return ExitCodes.SKIPPED;
        }
        return stats.skipped() > 0 ? ExitCodes.SKIPPED : ExitCodes.OK;
    }

    /** Says once what the user should know about how the model was found (a batch-1 fallback). */
    static void announce(Console console, ImageModel<?> model) {
        model.model().notes().forEach(note -> console.print("vision: " + note));
    }

    static int fail(Console console, String message) {
        console.print("vision: " + message);
        return ExitCodes.SETUP;
    }
}
