package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.MaskStyle;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A camera of {@code vision serve} with a privacy mask from its file: the raw and the annotated snapshot show
 * the masked half flat; a mask put over the API moves the black to the other half while the camera runs, the
 * file keeps it, and a mask whose edges cross is refused with the setting and the reason.
 */
class ServicePrivacyTest {

    private static final String TOKEN = "test-token-privacy";
    private static final Map<String, String> ENV = Map.of(ApiToken.VARIABLE, TOKEN);
    private static final Path CLIP = TestData.media("clips/vtest_first20s.mp4");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JPEG blurs an edge over a block or two: the flat area is looked at this far inside the mask. */
    private static final int MARGIN = 16;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private ServiceClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void opencv() {
        OpenCvRuntime.load();
    }

    @Test
    void masksHideTheirAreaInEverySnapshotAndMoveLive() throws Exception {
        try (MjpegServer camera = new MjpegServer(CLIP).start()) {
            Path config = dir.resolve("site.yaml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "cameras:",
                            "  - name: one",
                            "    url: " + camera.url(),
                            "    max_fps: 5",
                            "    blur: [person]",
                            "    masks:",
                            "      - name: left",
                            "        points: [[0, 0], [384, 0], [384, 576], [0, 576]]",
                            "server:",
                            "  listen: 127.0.0.1:0",
                            ""));
            try (VisionService service = VisionService.start(
                    config, ENV, TestData.modelStore(dir.resolve("cache")), () -> Long.MAX_VALUE, log::add)) {
                client = new ServiceClient(service.port(), log);
                String api = client.api();
                client.awaitStatus(s -> s.path("one").path("frames").asLong() > 0, Duration.ofSeconds(90));
                for (String kind : List.of("", "?annotated=1")) {
                    Mat frame = snapshot(api + "/cameras/one/snapshot.jpg" + kind);
                    assertTrue(spread(frame, new Rect(0, 0, 384 - MARGIN, 576)) <= 8, "left is flat: " + kind);
                    assertTrue(spread(frame, new Rect(384 + MARGIN, 0, 384 - MARGIN, 576)) > 60, "right is seen");
                    frame.release();
                }

                HttpResponse<String> bad = send(
                        "PUT",
                        api + "/cameras/one/masks/bowtie",
                        "{\"points\": [[400, 0], [768, 576], [768, 0], [400, 576]]}");
                assertEquals(422, bad.statusCode(), bad.body());
                JsonNode problem = JSON.readTree(bad.body());
                assertEquals(
                        "cameras[0].masks[1].points", problem.path("setting").asText(), bad.body());
                assertTrue(problem.toString().contains("cross"), bad.body());

                HttpResponse<String> right = send(
                        "PUT",
                        api + "/cameras/one/masks/right",
                        "{\"points\": [[384, 0], [768, 0], [768, 576], [384, 576]], \"kind\": \"privacy\"}");
                assertEquals(200, right.statusCode(), right.body());
                assertEquals(
                        204,
                        send("DELETE", api + "/cameras/one/masks/left", null).statusCode());
                Mat moved = awaitSnapshot(api, m -> spread(m, new Rect(384 + MARGIN, 0, 384 - MARGIN, 576)) <= 8);
                assertTrue(spread(moved, new Rect(0, 0, 384 - MARGIN, 576)) > 60, "the left half is seen again");
                moved.release();
                assertTrue(log.stream().anyMatch(l -> l.contains("masks")), "the change was applied live: " + log);
            }
            ConfigDocument onDisk = ConfigDocument.parse(Files.readString(config), "site.yaml", dir, ENV);
            CameraConfig one = onDisk.config().camera("one").orElseThrow();
            assertEquals(1, one.privacy().masks().size(), Files.readString(config));
            assertEquals("right", one.privacy().masks().get(0).name());
            assertEquals(MaskKind.PRIVACY, one.privacy().masks().get(0).kind());
            assertEquals(MaskStyle.BLACK, one.privacy().masks().get(0).style());
        }
    }

    /** Brightest minus darkest grey level in {@code area}. */
    private static double spread(Mat bgr, Rect area) {
        Mat grey = new Mat();
        Mat part = bgr.submat(area);
        try {
            Imgproc.cvtColor(part, grey, Imgproc.COLOR_BGR2GRAY);
            Core.MinMaxLocResult r = Core.minMaxLoc(grey);
            return r.maxVal - r.minVal;
        } finally {
            grey.release();
            part.release();
        }
    }

    private Mat snapshot(String url) throws IOException, InterruptedException {
        byte[] jpeg = client.bytes(url);
        MatOfByte bytes = new MatOfByte(jpeg);
        try {
            Mat image = Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR);
            assertEquals(768, image.cols(), "a whole frame");
            return image;
        } finally {
            bytes.release();
        }
    }

    private Mat awaitSnapshot(String api, Predicate<Mat> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Mat m = snapshot(api + "/cameras/one/snapshot.jpg");
            if (ready.test(m)) {
                return m;
            }
            m.release();
        }
        throw new AssertionError("the snapshot never changed; log: " + log);
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        return client.send(method, url, body, TOKEN);
    }
}
