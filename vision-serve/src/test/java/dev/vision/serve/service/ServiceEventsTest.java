package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import dev.vision.serve.events.Mosquitto;
import dev.vision.video.MjpegServer;
import dev.vision.video.VideoChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A camera of the service and a real broker: its events, its availability, and ON/OFF from MQTT. */
class ServiceEventsTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void eventsAndAvailabilityGoToTheBrokerAndEnabledSetSwitchesTheCamera() throws Exception {
        try (Mosquitto broker = Mosquitto.start();
                MjpegServer camera = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            List<String[]> got = broker.subscribe("site/#");
            Path config = dir.resolve("site.yaml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "cameras:",
                            "  - name: hall",
                            "    url: " + camera.url(),
                            "    max_fps: 5",
                            "    classes: [person]",
                            "    record: events",
                            "    zones:",
                            "      - name: floor",
                            "        points: [[0, 0], [768, 0], [768, 576], [0, 576]]",
                            "outputs:",
                            "  mqtt:",
                            "    url: " + broker.url(),
                            "    topic: site",
                            "server:",
                            "  listen: 127.0.0.1:0",
                            ""));
            try (VisionService service = VisionService.start(
                    config,
                    Map.of(ApiToken.VARIABLE, "t"),
                    TestData.modelStore(dir.resolve("cache")),
                    () -> Long.MAX_VALUE,
                    log::add)) {
                await(() -> Mosquitto.has(got, "site/hall/status", "online"), "hall online");
                await(() -> Mosquitto.has(got, "site/hall/events", "\"type\":\"zone_entered\""), "a zone entry");
                assertTrue(Mosquitto.has(got, "site/hall/events", "\"stream_name\":\"hall\""), "named by camera");
                assertTrue(
                        Mosquitto.has(got, "site/hall/events", "\"clip\":\"" + dir.resolve("vision-data/clips/hall")),
                        "the event names its clip");

                broker.client().publish("site/hall/enabled/set", "OFF".getBytes(StandardCharsets.UTF_8), 1, false);
                await(() -> service.fleet().status().get("hall").state() == CameraState.DISABLED, "hall disabled");
                await(() -> Mosquitto.has(got, "site/hall/status", "ended"), "hall's availability says so");
                await(() -> fileSays(config, "enabled: false"), "the file says so");
                try (Stream<Path> clips = Files.list(dir.resolve("vision-data/clips/hall"))) {
                    List<Path> whole = clips.filter(
                                    p -> p.getFileName().toString().matches("[^.].*\\.mp4"))
                            .toList();
                    assertFalse(whole.isEmpty(), "a clip was finished when the camera stopped");
                    assertTrue(VideoChecks.frameCount(whole.get(0)) > 0, whole.get(0) + " plays");
                }

                camera.start(); // ffmpeg -listen serves one client: the camera "reboots" while disabled
                long framesBefore = service.fleet().status().get("hall").frames();
                broker.client().publish("site/hall/enabled/set", "ON".getBytes(StandardCharsets.UTF_8), 1, false);
                await(() -> service.fleet().status().get("hall").frames() > framesBefore, "hall runs again");
                await(() -> fileSays(config, "enabled: true"), "the file says so");
            }
        }
    }

    private static boolean fileSays(Path file, String what) {
        try {
            return Files.readString(file).contains(what);
        } catch (IOException e) {
            return false;
        }
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + String.join("\n", log));
            }
            Thread.sleep(100);
        }
    }
}
