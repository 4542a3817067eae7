package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Point;
import dev.vision.core.geometry.Zone;
import dev.vision.core.testing.Browser;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The editor at {@code /editor}, driven in headless Chromium with real mouse and key events: a line across
 * the plaza and a zone drawn on camera one's frame are saved, counted and written to the file; a zone corner
 * dragged moves in the file; a line of one point is refused beside it.
 */
class ServiceEditorTest {

    private static final String TOKEN = "test-token-editor";
    private static final Map<String, String> ENV = Map.of(ApiToken.VARIABLE, TOKEN);
    private static final Path CLIP = TestData.media("clips/vtest_first20s.mp4");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> log = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void aLineAndAZoneDrawnWithTheMouseAreCountedAndKeptAndAOnePointLineIsRefused() throws Exception {
        try (MjpegServer camera = new MjpegServer(CLIP).start()) {
            Path config = dir.resolve("site.yaml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "cameras:",
                            "  - name: one",
                            "    url: " + camera.url(),
                            "    classes: [person]",
                            "    max_fps: 5",
                            "server:",
                            "  listen: 127.0.0.1:0",
                            ""));
            try (VisionService service = VisionService.start(
                            config, ENV, TestData.modelStore(dir.resolve("cache")), () -> Long.MAX_VALUE, log::add);
                    Browser browser = Browser.start(dir)) {
                String base = "http://127.0.0.1:" + service.port();
                ServiceClient client = new ServiceClient(service.port(), log);
                Browser.Tab page = browser.open(base + "/editor?camera=one");
                assertTrue(page.waitFor("document.getElementById('frame').naturalWidth === 768", 60), page.html());
                page.eval("(() => { const t = document.getElementById('token'); t.value = '" + TOKEN
                        + "'; t.dispatchEvent(new Event('change')); return true; })()");

                button(page, "line");
                click(page, 3, 300); // within the snapping distance of the left edge: x becomes 0
                click(page, 765, 300);
                assertTrue(page.waitFor("document.querySelector('#shapes tr[data-name=line1]')", 10), page.html());

                button(page, "zone");
                click(page, 100, 350);
                click(page, 300, 350);
                click(page, 300, 500);
                click(page, 100, 500);
                click(page, 101, 351); // on the first corner: the zone closes
                assertTrue(page.waitFor("document.querySelector('#shapes tr[data-name=zone1]')", 10), page.html());

                // within 5 s the line is counted by the running camera, in /api/status and on the page
                client.awaitStatus(
                        s -> s.path("one").path("lines").has("line1")
                                && s.path("one").path("zones").has("zone1"),
                        Duration.ofSeconds(5));
                assertTrue(
                        page.waitFor(
                                "/in \\d+ · out \\d+/.test(document.querySelector('#shapes tr[data-name=line1] .counts')"
                                        + ".textContent)",
                                5),
                        page.html());
                CameraConfig saved = onDisk(config);
                Line line1 = saved.line("line1").orElseThrow();
                assertEquals(new Point(0, 300), line1.from(), "snapped to the frame's edge");
                assertEquals(new Point(768, 300), line1.to());
                assertEquals(
                        List.of(new Point(100, 350), new Point(300, 350), new Point(300, 500), new Point(100, 500)),
                        zone(saved, "zone1").corners());

                button(page, "zone"); // the tool off: points can be dragged
                page.drag(viewportX(page, 300), viewportY(page, 500), viewportX(page, 400), viewportY(page, 540), 8);
                Zone moved = awaitFile(config, c -> zone(c, "zone1").corners().contains(new Point(400, 540)));
                assertEquals(4, moved.corners().size());

                button(page, "line");
                click(page, 200, 200);
                page.key("Enter"); // a line of one point
                assertTrue(
                        page.waitFor(
                                "[...document.querySelectorAll('#overlay text.refusal')].some(t =>"
                                        + " t.textContent.includes('two points'))",
                                5),
                        page.html());
                page.key("Escape");
                assertEquals(1, onDisk(config).lines().size(), "nothing saved for it");
            }
        }
    }

    private static Zone zone(CameraConfig camera, String name) {
        return camera.zones().stream()
                .filter(z -> z.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no zone " + name + " in " + camera));
    }

    private CameraConfig onDisk(Path config) throws Exception {
        return ConfigDocument.parse(Files.readString(config), "site.yaml", dir, ENV)
                .config()
                .camera("one")
                .orElseThrow();
    }

    private Zone awaitFile(Path config, Predicate<CameraConfig> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            CameraConfig c = onDisk(config);
            if (ready.test(c)) {
                return zone(c, "zone1");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the file never changed: " + Files.readString(config));
    }

    private static void button(Browser.Tab page, String tool) throws Exception {
        JsonNode r = page.eval("(() => { const b = document.querySelector('#tools [data-tool=" + tool
                + "]').getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
        page.click(r.get(0).asDouble(), r.get(1).asDouble());
    }

    /** Clicks at a point of the frame, given in the frame's pixels. */
    private static void click(Browser.Tab page, double x, double y) throws Exception {
        page.click(viewportX(page, x), viewportY(page, y));
    }

    private static double viewportX(Browser.Tab page, double x) throws Exception {
        return page.eval("(() => { const r = document.getElementById('overlay').getBoundingClientRect();"
                        + " return r.left + " + x + " * r.width / 768; })()")
                .asDouble();
    }

    private static double viewportY(Browser.Tab page, double y) throws Exception {
        return page.eval("(() => { const r = document.getElementById('overlay').getBoundingClientRect();"
                        + " return r.top + " + y + " * r.height / 576; })()")
                .asDouble();
    }
}
