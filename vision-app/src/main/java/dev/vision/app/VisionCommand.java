package dev.vision.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vision} command: detection, model management, and (later) classification and benchmarks. */
@Command(name = "vision", mixinStandardHelpOptions = true, versionProvider = VisionVersion.class,
        description = "Object detection and image classification with OpenCV and DJL (PyTorch, ONNX Runtime).",
        subcommands = {DetectCommand.class, ClassifyCommand.class, EvalCommand.class, BenchCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:finished, but some inputs were skipped",
                "2:usage or setup error (bad option, missing model, unreadable source, output not writable)"})
public final class VisionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (detect, models)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new VisionCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vision: internal error: " + e
                    + (System.getenv("VISION_DEBUG") == null ? " (set VISION_DEBUG=1 for details)" : ""));
            if (System.getenv("VISION_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.SETUP;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println("vision: " + e.getMessage() + " (see '"
                    + commandLine.getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.SETUP;
        });
        return cli.execute(args);
    }
}
