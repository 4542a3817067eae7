package dev.vision.app;

import dev.vision.core.capture.SourceSet;
import dev.vision.core.pipeline.PipelineOptions;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.SinkFailedException;
import dev.vision.serve.events.MqttOutput;
import dev.vision.serve.run.OneShotRun;
import dev.vision.serve.run.OutputLock;
import dev.vision.serve.run.RunPlan;
import dev.vision.serve.run.TaskSpec;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * One run of a model over a SOURCE, as detect and classify do it: the options become a model, a source,
 * outputs and a {@link VisionRun}; the run's outcome becomes console lines, run.json and an exit code. What
 * differs between the tasks comes from a {@link TaskSpec}; {@link OneShotRun} composes the run itself.
 */
final class RunTask {

    private final List<String> sources;
    final RunOptions run;
    final int batch;
    private final List<String> commandLine;

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

    int execute(TaskSpec task, Console console) {
        Interrupts interrupts = Interrupts.install(console);
        if (run.readTimeoutMs < 100) {
            return fail(console, "--read-timeout must be at least 100 ms");
        }
        checkBeforeLoading(task);
        List<String> specs = run.sources(sources);
        RunStats stats = new RunStats();
        Instant started = Instant.now(); // run.json's start: before the sources are planned and probed
        OneShotRun.Outcome outcome;
        try (OutputLock locked =
                        OutputLock.take(run.outputPlan(task.name()), "vision " + String.join(" ", commandLine));
                SourceSet plan = SourceSet.plan(specs, run.sourceOptions())) {
            RunPlan runPlan = run.plan(specs, plan, task, batch, commandLine);
            outcome = new OneShotRun(runPlan, task, plan, stats, started, console, interrupts).loadAndRun();
            interrupts.outputsFinished(); // the sources are released as this block ends
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
        if (outcome instanceof OneShotRun.Outcome.Stopped stopped) {
            return switch (stopped.why()) {
                case INTERRUPTED -> Interrupts.EXIT_CODE;
                case MACHINE_LIMIT -> ExitCodes.SETUP;
                case BUG -> ExitCodes.BUG;
            };
        }
        return exitCode(console, interrupts, stats, ((OneShotRun.Outcome.Completed) outcome).undeliveredEvents());
    }

    /** Settings that would fail later are refused before anything loads. */
    private void checkBeforeLoading(TaskSpec task) {
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

    static int fail(Console console, String message) {
        console.print("vision: " + message);
        return ExitCodes.SETUP;
    }
}
