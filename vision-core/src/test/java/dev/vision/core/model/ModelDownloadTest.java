package dev.vision.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.inference.Detector;
import dev.vision.core.result.Detection;
import dev.vision.core.testing.HttpsFileServer;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download path against a real HTTPS server on 127.0.0.1 with a self-signed certificate: a good file
 * arrives verified in the cache; a wrong file, a 404 and a stalled server are each refused in one line and
 * leave nothing in the cache; the bundled folder is searched after the cache and before mirrors; a model
 * found only as its upstream batch-1 export runs at batch 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelDownloadTest {

    private HttpsFileServer server;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        server = HttpsFileServer.serve(TestData.modelMirror(), work);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private ModelStore store(Path cache, String behaviour) {
        return new ModelStore(
                new ModelStoreConfig(cache, List.of(server.url(behaviour)), false)
                        .withStallTimeout(Duration.ofSeconds(2)),
                server.trustingClient());
    }

    private static ModelRequest picodetOnnx() {
        return ModelRequest.of("picodet-s").withEngine(InferenceEngine.ONNXRUNTIME);
    }

    @Test
    @Tag(TestData.TEAM_DATA)
    void aGoodDownloadIsVerifiedAndLandsInTheCache(@TempDir Path cache) throws Exception {
        ResolvedModel m = store(cache, "ok").prepare(picodetOnnx());
        assertEquals(cache.resolve("picodet_s_416_coco.onnx"), m.file());
        assertEquals(Sha256.of(m.file()), m.sha256());
        assertEquals(0, m.maxBatch(), "the any-batch file");
        assertTrue(m.notes().isEmpty());
    }

    @Test
    void aWrongFileIsRefusedInOneLineAndNotKept(@TempDir Path cache) throws Exception {
        var e = assertThrows(
                ModelResolutionException.class, () -> store(cache, "wrong").prepare(picodetOnnx()));
        assertTrue(
                e.getMessage().contains(server.url("wrong") + "picodet_s_416_coco.onnx (sha256 mismatch"),
                e.getMessage());
        assertOneLineAndEmptyCache(e, cache);
    }

    @Test
    void aMissingFileIsA404InOneLine(@TempDir Path cache) throws Exception {
        var e = assertThrows(
                ModelResolutionException.class, () -> store(cache, "missing").prepare(picodetOnnx()));
        assertTrue(e.getMessage().contains("picodet_s_416_coco.onnx (HTTP 404 (not found))"), e.getMessage());
        assertOneLineAndEmptyCache(e, cache);
    }

    @Test
    void aStalledServerIsAbandonedAfterTheStallTimeout(@TempDir Path cache) throws Exception {
        long start = System.nanoTime();
        var e = assertThrows(
                ModelResolutionException.class, () -> store(cache, "stall").prepare(picodetOnnx()));
        assertTrue(e.getMessage().contains("stalled: no data for 2 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "gave up well before the server's 60 s");
        assertOneLineAndEmptyCache(e, cache);
    }

    private static void assertOneLineAndEmptyCache(Exception e, Path cache) throws Exception {
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        if (Files.isDirectory(cache)) {
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(List.of(), left.toList(), "nothing partial left in the cache");
            }
        }
    }

    @Test
    void bundledFilesComeAfterTheCacheAndBeforeMirrors(@TempDir Path cache) throws Exception {
        Path bundled = TestData.repoRoot().resolve("models");
        ModelStore store = new ModelStore(
                new ModelStoreConfig(cache, List.of(server.url("missing")), false).withBundledDir(bundled),
                server.trustingClient());
        ResolvedModel yolox = store.prepare(ModelRequest.of("yolox-nano").withEngine(InferenceEngine.ONNXRUNTIME));
        assertEquals(bundled.resolve("yolox_nano_416_coco.onnx"), yolox.file(), "no download needed");
        ModelDescriptor d = store.require("yolox-nano");
        assertEquals("bundled", store.where(d.file("onnxruntime").orElseThrow()));
        var e = assertThrows(ModelResolutionException.class, () -> store.prepare(picodetOnnx()));
        String msg = e.getMessage();
        assertTrue(msg.indexOf("bundled ") < msg.indexOf("mirror "), "bundled is tried before the mirror: " + msg);
    }

    @Test
    @Tag(TestData.TEAM_DATA)
    void anUpstreamBatchOneExportRunsAtBatchOneAndSaysSo(@TempDir Path tmp) throws Exception {
        // a mirror that holds only the upstream batch-1 export of YOLOX-Nano
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.copy(
                TestData.modelMirror().resolve("yolox_nano_416_coco.upstream_b1.onnx"),
                mirror.resolve("yolox_nano_416_coco.upstream_b1.onnx"));
        Files.copy(TestData.modelMirror().resolve("coco80.names"), mirror.resolve("coco80.names"));
        ModelStore store =
                new ModelStore(new ModelStoreConfig(tmp.resolve("cache"), List.of(mirror.toString()), false));
        ResolvedModel m = store.prepare(ModelRequest.of("yolox-nano").withEngine(InferenceEngine.ONNXRUNTIME));
        assertEquals(1, m.maxBatch());
        assertEquals(1, m.notes().size());
        assertTrue(m.notes().get(0).contains("running at batch 1"), m.notes().toString());

        Path dog = TestData.media("images/dog.jpg");
        try (Detector b1 = Detector.builder()
                        .engine("onnxruntime")
                        .device("cpu")
                        .conf(0.3f)
                        .store(store)
                        .build();
                Detector any = Detector.builder()
                        .engine("onnxruntime")
                        .device("cpu")
                        .conf(0.3f)
                        .store(TestData.modelStore(tmp.resolve("cache2")))
                        .build()) {
            List<List<Detection>> three = b1.detectAll(List.of(dog, dog, dog)); // three calls of one image
            List<Detection> reference = any.detect(dog);
            assertEquals(3, three.size());
            for (List<Detection> ds : three) {
                assertEquals(reference.size(), ds.size());
                for (int i = 0; i < ds.size(); i++) {
                    assertEquals(reference.get(i).label(), ds.get(i).label());
                    assertTrue(reference.get(i).box().iou(ds.get(i).box()) > 0.99, "the same weights");
                }
            }
        }
    }
}
