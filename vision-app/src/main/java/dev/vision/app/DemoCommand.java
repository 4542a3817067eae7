package dev.vision.app;

import dev.vision.core.model.FileCheck;
import dev.vision.core.model.HttpDownload;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
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
        Path clip =
                cacheDir(env).resolveSibling("samples").resolve(Path.of(CLIP).getFileName());
        if (!Files.isRegularFile(clip) || !SHA256.equals(Sha256.of(clip))) {
            List<String> tried = new ArrayList<>();
            if (!fetch(clip, env, tried, console)) {
                console.print("vision: demo: cannot get " + CLIP + " with sha256 " + SHA256.substring(0, 12)
                        + "…; tried " + String.join("; ", tried));
                return ExitCodes.SETUP;
            }
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

    /** Where the model store caches its models ({@code ~/.cache/vision/models}): samples go beside it. */
    private static Path cacheDir(Map<String, String> env) {
        return ModelStoreConfig.fromEnvironment(env).cacheDir();
    }

    /** The mirrors, then the public URL: the first whose file has the right sha256 is kept. */
    private static boolean fetch(Path target, Map<String, String> env, List<String> tried, Console console) {
        HttpDownload download = new HttpDownload(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build(),
                Duration.ofSeconds(30),
                /* allowHttp= */ true);
        List<String> sources =
                new ArrayList<>(ModelStoreConfig.splitMirrors(env.getOrDefault("VISION_MEDIA_MIRROR", "")));
        sources.add(PUBLIC_URL);
        for (String source : sources) {
            String from = source.equals(PUBLIC_URL)
                    ? source
                    : source.contains("://")
                            ? (source.endsWith("/") ? source : source + "/") + CLIP
                            : Path.of(source).resolve(CLIP).toString();
            console.print("vision: demo: fetching " + from + " …");
            FileCheck got = source.contains("://")
                    ? download.fetch(from, target, DemoCommand::checked)
                    : copyChecked(Path.of(from), target);
            if (got.ok()) {
                return true;
            }
            tried.add(from + " (" + ((FileCheck.Bad) got).reason() + ")");
        }
        return false;
    }

    private static FileCheck checked(Path file) {
        try {
            String sha = Sha256.of(file);
            return SHA256.equals(sha)
                    ? FileCheck.OK
                    : FileCheck.bad("sha256 " + sha.substring(0, 12) + "…, not the clip's");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileCheck copyChecked(Path from, Path target) {
        if (!Files.isRegularFile(from)) {
            return FileCheck.bad("no such file");
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            FileCheck check = checked(temp);
            if (check.ok()) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(temp);
            }
            return check;
        } catch (IOException e) {
            return FileCheck.bad(e.getMessage());
        }
    }
}
