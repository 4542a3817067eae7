package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vision.core.model.Sha256;
import dev.vision.core.testing.TestData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vision demo}: the sample clip is fetched once, only with its sha256, and a wrong copy is never kept. */
class DemoCommandTest {

    @Test
    void theClipComesFromAMirrorOnceAndAWrongCopyIsRefused(@TempDir Path work) throws Exception {
        Path clip = TestData.media(DemoCommand.CLIP);
        HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/media/clips/car-detection.mp4", exchange -> {
            byte[] body = Files.readAllBytes(clip);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        mirror.start();
        try {
            Map<String, String> env = Map.of(
                    "VISION_CACHE",
                    work.resolve("cache/models").toString(),
                    "VISION_MEDIA_MIRROR",
                    "http://127.0.0.1:" + mirror.getAddress().getPort() + "/media/");
            VisionProcess.Result r = VisionProcess.run(work, env, "demo", "--fetch-only");
            assertEquals(0, r.exitCode(), r.stderr());
            Path kept = work.resolve("cache/samples/car-detection.mp4");
            assertEquals(DemoCommand.SHA256, Sha256.of(kept));
            assertTrue(r.stderr().contains("demo clip: " + kept), r.stderr());

            VisionProcess.Result again = VisionProcess.run(work, env, "demo", "--fetch-only");
            assertEquals(0, again.exitCode(), again.stderr());
            assertFalse(again.stderr().contains("fetching"), "fetched once: " + again.stderr());
        } finally {
            mirror.stop(0);
        }

        Path fake = work.resolve("fake");
        Files.createDirectories(fake.resolve("clips"));
        Files.write(fake.resolve("clips/car-detection.mp4"), new byte[] {1, 2, 3});
        VisionProcess.Result wrong = VisionProcess.run(
                work,
                Map.of("VISION_CACHE", work.resolve("other/models").toString(), "VISION_MEDIA_MIRROR", fake.toString()),
                "demo",
                "--fetch-only");
        assertEquals(2, wrong.exitCode(), wrong.stderr());
        assertTrue(wrong.stderr().contains("not the expected file's"), wrong.stderr());
        assertTrue(wrong.stderr().contains(DemoCommand.PUBLIC_URL), "the public URL was tried too: " + wrong.stderr());
        assertFalse(Files.exists(work.resolve("other/samples/car-detection.mp4")), "a wrong copy is never kept");
    }
}
