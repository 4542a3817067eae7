package dev.vision.app;

import dev.vision.serve.run.MemoryLimits;
import dev.vision.serve.service.ConfigInvalidException;
import dev.vision.serve.service.ConfigProblem;
import dev.vision.serve.service.ServiceConfig;
import dev.vision.serve.service.VisionService;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision serve CONFIG.yaml}: the cameras of one file, kept running, changed live over a REST API. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the cameras of a configuration file until stopped, with a REST API under /api "
                    + "(OpenAPI at /api/openapi.json) that adds, changes and removes cameras, lines and zones live. "
                    + "Every accepted change is written back to the file; an edit of the file is applied the same way.",
            "The file is validated as a whole before anything starts: each problem is one FILE:LINE:COLUMN line "
                    + "and the exit code is 2. Writes need Authorization: Bearer TOKEN (VISION_API_TOKEN, or the "
                    + "token file named in the log)."
        })
final class ServeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The configuration file (YAML or JSON).")
    Path config;

    @Option(names = "--check", description = "Validate the file and exit (0 when it is valid).")
    boolean checkOnly;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Console console = Console.forStderr(false);
        try {
            if (checkOnly) {
                ServiceConfig valid = VisionService.check(config, System.getenv());
                console.print(
                        "vision: " + config + ": valid (" + valid.cameras().size() + " camera(s))");
                return 0;
            }
            Interrupts interrupts = Interrupts.install(console);
            try (VisionService service = VisionService.start(
                    config, System.getenv(), MemoryLimits::processLimit, line -> console.print("vision: " + line))) {
                interrupts.onInterrupt(() -> {
                    try {
                        service.close();
                    } catch (IOException e) {
                        console.print("vision: while stopping: " + e.getMessage());
                    }
                });
                service.awaitClose();
            }
            return interrupts.deathExitCode() != 0
                    ? interrupts.deathExitCode()
                    : interrupts.requested() ? Interrupts.EXIT_CODE : 0;
        } catch (ConfigInvalidException e) {
            for (ConfigProblem problem : e.problems()) {
                System.err.println(problem);
            }
            return ExitCodes.SETUP;
        } catch (NoSuchFileException e) {
            console.print("vision: " + config + ": no such file");
            return ExitCodes.SETUP;
        } catch (IOException e) {
            console.print("vision: " + e.getMessage());
            return ExitCodes.SETUP;
        }
    }
}
