package dev.vision.app;

import dev.vision.serve.run.ModelStepHook;
import java.util.Arrays;

/**
 * {@code SlowModelLauncher MS ARGS…}: the command line with every model call taking MS milliseconds longer,
 * to test back-pressure, dropping and shutdown under a slow model. {@link VisionProcess} starts it for the
 * test-only argument pair {@code --simulate-slow-model MS}.
 */
final class SlowModelLauncher {

    private SlowModelLauncher() {}

    public static void main(String[] args) {
        long delayMs = Long.parseLong(args[0]);
        ModelStepHook.set(step -> frames -> {
            var results = step.process(frames);
            Thread.sleep(delayMs);
            return results;
        });
        VisionCommand.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
