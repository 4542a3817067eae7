package dev.vision.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vision.core.model.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test media cache against a real HTTP server on 127.0.0.1 standing in for a mirror and for the public
 * sources: a file arrives verified under its own path; a file whose bytes differ from the manifest is
 * refused with the reason and a hint; a file published nowhere is left out of its folder but refused by
 * name; an archive member is extracted and checked; a derived clip is made with ffmpeg from its source
 * once, and reused after.
 */
class MediaFetcherTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private Path served;

    @BeforeEach
    void start(@TempDir Path root) throws IOException {
        served = root.resolve("served");
        Files.createDirectories(served);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Path file = served.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static String line(String file, Path content, String origin) throws IOException {
        return "{\"file\": \"" + file + "\", \"sha256\": \"" + Sha256.of(content) + "\", \"bytes\": "
                + Files.size(content) + ", " + origin + "}";
    }

    private static MediaManifest manifest(Path dir, List<String> files, String archives) throws IOException {
        Path json = dir.resolve("test-media.json");
        Files.writeString(
                json,
                "{\"about\": \"test\", \"archives\": [" + archives + "], \"files\": [" + String.join(",", files)
                        + "]}");
        return MediaManifest.read(json);
    }

    @Test
    void aMirroredFileArrivesVerifiedUnderItsPath(@TempDir Path work) throws IOException {
        Path dog = TestData.media("images/dog.jpg");
        Files.createDirectories(served.resolve("images"));
        Files.copy(dog, served.resolve("images/dog.jpg"));
        MediaManifest manifest = manifest(work, List.of(line("images/dog.jpg", dog, "\"urls\": []")), "");
        Path cache = work.resolve("cache");

        Path got = new MediaFetcher(manifest, cache, List.of(url())).file("images/dog.jpg");

        assertEquals(cache.resolve("images/dog.jpg"), got);
        assertArrayEquals(Files.readAllBytes(dog), Files.readAllBytes(got));
        assertEquals(cache.resolve("images"), new MediaFetcher(manifest, cache, List.of()).folder("images"));
        try (var left = Files.list(cache.resolve("images"))) {
            assertEquals(
                    List.of("dog.jpg"),
                    left.map(p -> p.getFileName().toString()).toList(),
                    "no part file");
        }
    }

    @Test
    void aFileThatDiffersFromTheManifestIsRefusedWithTheReason(@TempDir Path work) throws IOException {
        Path dog = TestData.media("images/dog.jpg");
        Files.createDirectories(served.resolve("images"));
        Files.write(served.resolve("images/dog.jpg"), new byte[] {1, 2, 3});
        MediaManifest manifest = manifest(work, List.of(line("images/dog.jpg", dog, "\"urls\": []")), "");
        Path cache = work.resolve("cache");

        var e = assertThrows(
                IllegalStateException.class,
                () -> new MediaFetcher(manifest, cache, List.of(url())).file("images/dog.jpg"));

        assertTrue(e.getMessage().startsWith("test media: cannot get images/dog.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("images/dog.jpg (sha256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(TestData.MIRROR_ENV), "says what to set: " + e.getMessage());
        assertTrue(!Files.exists(cache.resolve("images/dog.jpg")), "nothing kept");
    }

    @Test
    void aFolderLeavesOutAFilePublishedNowhereButAsksForItByName(@TempDir Path work) throws IOException {
        Path dog = TestData.media("images/dog.jpg");
        Files.createDirectories(served.resolve("set"));
        Files.copy(dog, served.resolve("set/dog.jpg"));
        Path notes = work.resolve("notes.json");
        Files.writeString(notes, "{}");
        MediaManifest manifest = manifest(
                work,
                List.of(
                        line("set/dog.jpg", dog, "\"urls\": [\"" + url() + "set/dog.jpg\"]"),
                        line("set/notes.json", notes, "\"mirror_only\": \"made by hand\"")),
                "");
        MediaFetcher fetcher = new MediaFetcher(manifest, work.resolve("cache"), List.of(), /* httpSources= */ true);

        Path folder = fetcher.folder("set");

        assertTrue(Files.isRegularFile(folder.resolve("dog.jpg")));
        assertTrue(!Files.exists(folder.resolve("notes.json")), "no mirror has it");
        var e = assertThrows(IllegalStateException.class, () -> fetcher.file("set/notes.json"));
        assertTrue(e.getMessage().contains("no public source: made by hand"), e.getMessage());
    }

    @Test
    void anArchiveMemberIsExtractedAndChecked(@TempDir Path work) throws IOException {
        Path label = work.resolve("label.txt");
        Files.writeString(label, "16 0.5 0.5 0.2 0.3\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(served.resolve("set.zip")))) {
            zip.putNextEntry(new ZipEntry("set/labels/a.txt"));
            zip.write(Files.readAllBytes(label));
            zip.closeEntry();
        }
        MediaManifest manifest = manifest(
                work,
                List.of(line("set/labels/a.txt", label, "\"archive\": \"set.zip\"")),
                "{\"name\": \"set.zip\", \"urls\": [\"" + url() + "set.zip\"]}");
        Path cache = work.resolve("cache");

        Path folder = new MediaFetcher(manifest, cache, List.of(), /* httpSources= */ true).folder("set/labels");

        assertEquals("16 0.5 0.5 0.2 0.3\n", Files.readString(folder.resolve("a.txt")));
    }

    @Test
    void aDerivedClipIsMadeOnceWithFfmpegAndCheckedByItsFrames(@TempDir Path work) throws Exception {
        Path source = work.resolve("source.avi");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=160x120:rate=10:duration=3",
                        "-c:v",
                        "mjpeg",
                        source.toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        Files.createDirectories(served.resolve("clips"));
        Files.copy(source, served.resolve("clips/source.avi"));
        List<String> files = new ArrayList<>();
        files.add(line("clips/source.avi", source, "\"urls\": [\"" + url() + "clips/source.avi\"]"));
        String derive = "\"derive\": {\"from\": \"clips/source.avi\", \"ffmpeg\": [\"-t\", \"2\", \"-an\", \"-c:v\", "
                + "\"libx264\"], \"frames\": 20}";
        files.add(line("clips/first2s.mp4", source, derive)); // its sha256 is never matched: it is made
        MediaManifest manifest = manifest(work, files, "");
        Path cache = work.resolve("cache");

        Path clip = new MediaFetcher(manifest, cache, List.of(), /* httpSources= */ true).file("clips/first2s.mp4");
        long made = Files.getLastModifiedTime(clip).toMillis();
        int before = requests.get();
        Path again = new MediaFetcher(manifest, cache, List.of(), /* httpSources= */ true).file("clips/first2s.mp4");

        assertEquals(clip, again);
        assertEquals(made, Files.getLastModifiedTime(again).toMillis(), "made once, then reused");
        assertEquals(before, requests.get(), "nothing downloaded the second time");
        assertEquals(
                "h264,20",
                MediaFetcher.videoStream(clip, "codec_name,nb_read_frames").orElseThrow());
    }

    @Test
    void theRepositoryManifestNamesEveryFileTheTestsRead() {
        MediaManifest manifest = MediaManifest.read(TestData.repoRoot().resolve("test-media.json"));
        for (String file : List.of(
                "images/dog.jpg",
                "images/kite.jpg",
                "images/chelsea.png",
                "images/astronaut.png",
                "clips/vtest_first20s.mp4",
                "clips/car-detection.mp4")) {
            assertTrue(manifest.files().containsKey(file), file);
        }
        assertEquals(12, manifest.under("images").size());
        assertEquals(51, manifest.under("imagenet-samples").size());
        assertEquals(128, manifest.under("coco128/images/train2017").size());
        for (MediaManifest.Entry e : manifest.files().values()) {
            assertTrue(e.sha256().matches("[0-9a-f]{64}") && e.bytes() > 0, e.file());
            if (e.origin() instanceof MediaManifest.Origin.Urls urls) {
                assertTrue(
                        !urls.urls().isEmpty() && urls.urls().stream().allMatch(u -> u.startsWith("https://")),
                        e.file());
            } else if (e.origin() instanceof MediaManifest.Origin.InArchive in) {
                assertTrue(manifest.archives().containsKey(in.archive()), e.file());
            } else if (e.origin() instanceof MediaManifest.Origin.Derived d) {
                assertTrue(manifest.files().containsKey(d.from()), e.file());
            } else if (e.origin() instanceof MediaManifest.Origin.MirrorOnly) {
                assertEquals("coco128/instances_train2017_coco128.json", e.file(), "the one file published nowhere");
            }
        }
    }
}
