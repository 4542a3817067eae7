package dev.vision.app;

import dev.vision.core.VisionException;
import dev.vision.core.VisionVersion;
import dev.vision.core.model.ModelFamily;
import dev.vision.serve.run.MemoryLimits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vision} command: detection, model management, and (later) classification and benchmarks. */
@Command(
        name = "vision",
        mixinStandardHelpOptions = true,
        versionProvider = VisionCommand.Version.class,
        description = "Object detection and image classification with OpenCV and DJL (PyTorch, ONNX Runtime).",
        subcommands = {
            DetectCommand.class,
            TrackCommand.class,
            ClassifyCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            EventsCommand.class,
            ModelsCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        footer = "%n'vision spark classify|detect INPUT --output OUT' runs the same as an Apache Spark job "
                + "(built on its first use; 'vision spark --help').",
        exitCodeList = {
            "0:done",
            "1:finished, but some inputs were skipped",
            "2:usage or setup error (bad option, missing model, unreadable source, output not writable), or a limit of the machine (memory, disk, file size)",
            "3:internal error (a bug in vision; one line names the exception)",
            "130:stopped by Ctrl-C or SIGTERM; outputs complete up to that point"
        })
public final class VisionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@code vision --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vision " + VisionVersion.get()};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is required (detect, track, classify, eval, bench, events, models, serve, demo, spark)");
    }

    public static void main(String[] args) {
        Interrupts.ownTheProcess();
        MemoryLimits.applyDefaults();
        System.exit(run(args));
    }

    static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (Error e) { // a class that could not start (its natives could not be unpacked) arrives as an Error
            return failed(e, new PrintWriter(System.err, true));
        }
    }

    /**
     * One line for what ended the command, and its exit code: a problem the user can fix (a setting, a limit of
     * the machine) 2, an interrupt 130, anything else a bug, 3.
     */
    private static int failed(Throwable e, PrintWriter err) {
        if (e instanceof InterruptedException) { // stopped while it waited: Ctrl-C's code
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
        boolean debug = System.getenv("VISION_DEBUG") != null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VisionException problem) {
                err.println("vision: " + Errors.describe(problem));
                return ExitCodes.SETUP;
            }
            root = t;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof OutOfMemoryError) {
            err.println("vision: out of memory: " + e.getMessage()
                    + " (fewer sources, --no-save, or more memory for the JVM)");
            return ExitCodes.SETUP;
        }
        err.println("vision: internal error (a bug, please report it): " + e + (root != e ? " caused by " + root : "")
                + (debug ? "" : " (set VISION_DEBUG=1 for details)"));
        return ExitCodes.BUG;
    }

    /** The command line with its error handling: problems the user can fix exit 2, anything else is a bug (3). */
    static CommandLine commandLine() {
        // help texts list the model families registered in the core: ${sys:vision.families}
        System.setProperty("vision.families", ModelFamily.idsText());
        CommandLine cli = new CommandLine(new VisionCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine.getErr()));
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine commandLine = e.getCommandLine();
            String hint = " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && unmatched.getUnmatched().stream().anyMatch(a -> Files.exists(Path.of(a)))) {
                hint = "; several files were given as SOURCE: quote a glob so that the shell leaves it to vision "
                        + "('photos/*.jpg'), or give their folder";
            }
            commandLine.getErr().println("vision: " + e.getMessage() + hint);
            return ExitCodes.SETUP;
        });
        return cli;
    }
}
