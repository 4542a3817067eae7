package dev.vision.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.natives.CpuFlags;
import dev.vision.core.testing.TestData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @Test
    void everyDescriptorInModelsIsListedAndEveryListedOneExists() throws Exception {
        Path models = TestData.repoRoot().resolve("models");
        Set<String> files;
        try (Stream<Path> s = Files.list(models)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals("index.json"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        ModelStore store = new ModelStore(new ModelStoreConfig(Path.of("/nonexistent"), List.of(), false));
        Set<String> listed =
                store.list().stream().map(ModelDescriptor::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, listed);
        assertEquals(Set.of("yolox-nano", "picodet-s", "mobilenet-v2", "mobilenet-v2-fp32"), listed);
    }

    @Test
    void builtInsResolveFromTheMirrorWithVerifiedChecksums(@TempDir Path cache) throws Exception {
        ModelStore store = TestData.modelStore(cache);
        ResolvedModel m = store.prepare(ModelRequest.of("yolox-nano"));
        assertEquals(InferenceEngine.PYTORCH, m.engine(), "PyTorch is the default engine");
        assertEquals("72552a699c7b1e3687d2fe9970eb1484a72ae6ccc4d681261a4fafb980e51e95", m.sha256());
        assertEquals(Sha256.of(m.file()), m.sha256());
        assertEquals(80, m.labels().size());
        assertEquals("dog", m.labels().get(16));
        ResolvedModel onnx = store.prepare(ModelRequest.of("yolox-nano").withEngine(InferenceEngine.ONNXRUNTIME));
        assertTrue(onnx.file().toString().endsWith(".onnx"));
    }

    @Test
    @Tag(TestData.TEAM_DATA)
    void fetchCopiesIntoTheCacheAndTheCacheIsUsedNext(@TempDir Path cache) throws Exception {
        ModelStore store = TestData.modelStore(cache);
        ModelDescriptor d = store.require("picodet-s");
        Path p = store.resolve(d.name(), d.file("onnxruntime").orElseThrow(), true);
        assertEquals(cache.resolve("picodet_s_416_coco.onnx"), p);
        ModelStore offline = new ModelStore(new ModelStoreConfig(cache, List.of(), false));
        assertEquals(p, offline.resolve(d.name(), d.file("onnxruntime").orElseThrow(), false));
    }

    @Test
    void aTamperedFileIsRefusedAndTheMessageSaysWhatWasTried(@TempDir Path tmp) throws Exception {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Path cache = tmp.resolve("cache");
        Path real = TestData.modelMirror().resolve("yolox_nano_416_coco.torchscript.pt");
        byte[] bytes = Files.readAllBytes(real);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(mirror.resolve("yolox_nano_416_coco.torchscript.pt"), bytes);
        ModelStore store = new ModelStore(new ModelStoreConfig(cache, List.of(mirror.toString()), false));
        var e = assertThrows(ModelResolutionException.class, () -> store.prepare(ModelRequest.of("yolox-nano")));
        String msg = e.getMessage();
        assertTrue(msg.contains("sha256 mismatch"), msg);
        assertTrue(msg.contains(cache.toString()) && msg.contains("(missing)"), msg);
        assertTrue(msg.contains(mirror.toString()), msg);
        assertEquals(1, msg.lines().count(), "one line");
    }

    @Test
    void unreachableAndPlainHttpMirrorsAreReported(@TempDir Path cache) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String https = "https://127.0.0.1:" + closedPort + "/models";
        String http = "http://127.0.0.1:" + closedPort + "/models";
        ModelStore store = new ModelStore(new ModelStoreConfig(cache, List.of(https, http), false));
        var e = assertThrows(ModelResolutionException.class, () -> store.prepare(ModelRequest.of("picodet-s")));
        assertTrue(e.getMessage().contains(https + "/picodet_s_416_coco.torchscript.pt (unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("plain http refused"), e.getMessage());
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(0, left.count(), "no partial download left in the cache");
        }
    }

    @Test
    void unknownNamesListTheBuiltIns(@TempDir Path cache) {
        ModelStore store = TestData.modelStore(cache);
        var e = assertThrows(ModelResolutionException.class, () -> store.prepare(ModelRequest.of("yolov99")));
        assertTrue(e.getMessage().contains("yolox-nano"), e.getMessage());
    }

    @Test
    void theInt8ClassifierIsToldAsSuchOnACpuWithoutVnniAndNotWithIt() throws Exception {
        ModelStore store = new ModelStore(new ModelStoreConfig(Path.of("/nonexistent"), List.of(), false));
        ModelDescriptor int8 = store.require("mobilenet-v2");
        assertEquals(WeightPrecision.INT8, int8.precision());
        assertTrue(store.find(int8.floatVariant()).isPresent(), "its fp32 variant is a built-in");
        ModelDescriptor fp32 = store.require(int8.floatVariant());
        assertEquals(WeightPrecision.FP32, fp32.precision());
        assertEquals(WeightPrecision.FP32, store.require("yolox-nano").precision());

        // the flags lines of an AVX2-only AMD EPYC and of a CPU with AVX-512 VNNI, as /proc/cpuinfo gives them
        Optional<CpuFlags> avx2 = CpuFlags.parse("processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                + "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2\nbogomips\t: 4491.53\n");
        Optional<CpuFlags> vnni = CpuFlags.parse(
                "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 avx512f avx512bw avx512_vnni avx512_bf16\n");
        assertTrue(avx2.isPresent() && !avx2.get().hasInt8DotProduct());
        assertTrue(vnni.isPresent() && vnni.get().hasInt8DotProduct());
        assertTrue(CpuFlags.parse("processor\t: 0\nFeatures\t: fp asimd\n").isEmpty(), "an ARM CPU's lines");

        String note = ModelStore.int8Caveat(int8, avx2).orElseThrow();
        assertTrue(note.contains("mobilenet-v2 is int8") && note.contains("--model mobilenet-v2-fp32"), note);
        assertEquals(Optional.empty(), ModelStore.int8Caveat(int8, vnni));
        assertEquals(Optional.empty(), ModelStore.int8Caveat(int8, Optional.empty()), "flags not known");
        assertEquals(Optional.empty(), ModelStore.int8Caveat(fp32, avx2));
    }

    @Test
    void mirrorListsSplitOnColonsButKeepUrlsWhole() {
        assertEquals(
                List.of("../shared/models", "https://example.org:8443/m", "/opt/models", "http://h/x"),
                ModelStoreConfig.splitMirrors("../shared/models:https://example.org:8443/m:/opt/models:http://h/x"));
        assertEquals(List.of(), ModelStoreConfig.splitMirrors(""));
    }
}
