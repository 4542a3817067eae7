package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vision serve} as a process: what its exit codes, stderr and signals promise. */
class ServeCommandTest {

    @TempDir
    Path work;

    @Test
    void aFileThatDoesNotValidateIsRefusedBeforeAnythingLoadsWithALinePerProblem() throws Exception {
        Files.writeString(
                work.resolve("site.yaml"),
                String.join(
                        "\n",
                        "cameras:",
                        "  - name: door",
                        "    url: door.mp4",
                        "    colour: red",
                        "    conf: high",
                        "  - name: door",
                        "    url: yard.mp4",
                        "    lines:",
                        "      - name: gate",
                        "        points: [[0, 10]]",
                        ""));
        VisionProcess.Result r = VisionProcess.run(work, Map.of(), "serve", "site.yaml");
        assertEquals(2, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(4, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("site.yaml:4:5: cameras[0].colour: unknown setting"), r.stderr());
        assertTrue(lines.get(1).startsWith("site.yaml:5:11: cameras[0].conf: "), r.stderr());
        assertEquals("site.yaml:6:11: cameras[1].name: the camera name 'door' is used twice", lines.get(2));
        assertTrue(lines.get(3).startsWith("site.yaml:10:17: cameras[1].lines[0].points: "), r.stderr());
        assertTrue(Files.notExists(work.resolve("vision-data")), "nothing was started or written");
    }

    @Test
    void sigtermStopsTheServiceInOrder() throws Exception {
        Path clip = TestData.media("clips/car-detection.mp4");
        Files.writeString(
                work.resolve("site.yaml"),
                String.join(
                        "\n",
                        "cameras:",
                        "  - name: road",
                        "    url: " + clip,
                        "    max_fps: 5",
                        "server:",
                        "  listen: 127.0.0.1:0",
                        ""));
        VisionProcess.Running serve = VisionProcess.start(work, Map.of(), "serve", "site.yaml");
        Await.until(
                () -> serve.stderrSoFar().contains("camera road: started"),
                Duration.ofSeconds(90),
                "the camera starts");
        assertTrue(serve.stderrSoFar().contains("API token: made "), serve.stderrSoFar());
        Path token = work.resolve("vision-data/api-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        serve.signal("TERM");
        VisionProcess.Result r = serve.await(20);
        assertEquals(130, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("camera road: stopped (the service stops)"), r.stderr());
    }
}
