package dev.vision.app;

import dev.vision.core.model.CheckedFetch;
import dev.vision.core.model.ModelStoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vision demo}: a public sample clip, fetched once into the cache and checked by its sha256, tracked live
 * in the browser with a counting line and a heatmap, played at its own pace: what vision does with video, for
 * someone who has no clip at hand.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Fetches a public sample clip (cars in a car park, from Intel's sample videos, 2.8 MB) into the cache "
                    + "once, checks its sha256, and runs 'vision track' on it at its own pace with a counting line "
                    + "and a heatmap, live at http://127.0.0.1:PORT/ until Ctrl-C.",
            "VISION_MEDIA_MIRROR (folders or URLs, colon-separated, laid out as the test media) is tried before "
                    + "the public URL."
        })
final class DemoCommand implements Callable<Integer> {

    static final String CLIP = "clips/car-detection.mp4";
    static final String SHA256 = "d31e0ebf194cc16e50eea784e7c3b0b1bb7976a4fb9b3fec26cb92a6704cca34";
    static final String PUBLIC_URL =
            "https://raw.githubusercontent.com/intel-iot-devkit/sample-videos/master/car-detection.mp4";

    @Option(names = "--port", defaultValue = "8080", description = "The live page's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--fetch-only", description = "Fetch and check the clip, print where it is, and stop.")
    boolean fetchOnly;

    @Override
    public Integer call() throws IOException {
        Console console = Console.forStderr(false);
        Map<String, String> env = System.getenv();
        Path clip = ModelStoreConfig.fromEnvironment(env)
                .cacheDir()
                .resolveSibling("samples") // beside the models' cache, ~/.cache/vision/samples
                .resolve(Path.of(CLIP).getFileName());
        List<String> failed = new CheckedFetch(CLIP, SHA256, PUBLIC_URL)
                .ensure(
                        clip,
                        ModelStoreConfig.splitMirrors(env.getOrDefault("VISION_MEDIA_MIRROR", "")),
                        line -> console.print("vision: demo: " + line));
        if (!failed.isEmpty()) {
            console.print("vision: demo: cannot get " + CLIP + " with sha256 " + SHA256.substring(0, 12) + "…; tried "
                    + String.join("; ", failed));
            return ExitCodes.SETUP;
        }
        console.print("vision: demo clip: " + clip + " (sha256 checked)");
        if (fetchOnly) {
            return ExitCodes.OK;
        }
        return VisionCommand.run(
                "track",
                clip.toString(),
                "--classes",
                "car,truck,bus",
                "--line",
                "lot=0,216,768,216",
                "--heatmap",
                "runs/demo-heatmap.png",
                "--serve",
                Integer.toString(port),
                "--realtime");
    }
}
