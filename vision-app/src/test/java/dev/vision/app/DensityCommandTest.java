package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vision bench density} at a load this machine carries easily: two loopback cameras of the pedestrian
 * clip at 2 detections a second each, each recorded to an MP4. Both keep their rate, every figure it
 * promises is there and adds up.
 */
class DensityCommandTest {

    @Test
    void twoCamerasAtALightRateKeepItAndTheFiguresAddUp(@TempDir Path work) throws Exception {
        Path json = work.resolve("density.json");
        InJvm.Result r = twoCamerasAt2PerSecond("clips/vtest_first20s.mp4", json, "--record");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("Rates: slowest camera"), r.stdout());
        assertTrue(r.stdout().contains("Bound: "), r.stdout());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, figures.get("cameras").asInt());
        assertEquals(2.0, figures.get("target_rate").asDouble());
        assertEquals(2, figures.get("rates").size());
        for (JsonNode rate : figures.get("rates")) {
            assertEquals(2.0, rate.asDouble(), 0.5, "each camera is detected twice a second: " + figures);
        }
        assertTrue(figures.get("p95_latency_ms").asDouble() > 0, figures.toString());
        double model = figures.get("core_ms_per_camera_s").get("model").asDouble();
        assertTrue(model > 0, "the model's cores are counted: " + figures);
        assertTrue(
                figures.get("core_ms_per_camera_s").get("encode").asDouble() > 0,
                "--record encodes each camera's MP4: " + figures);
        double total = 0;
        for (JsonNode ms : figures.get("core_ms_per_camera_s_at_1")) {
            total += ms.asDouble();
        }
        assertEquals(
                figures.get("cores").asInt() * 1000.0 / total,
                figures.get("bound_cameras").asDouble(),
                0.01,
                "the bound is cores x 1000 over one camera's cost");
    }

    @Test
    void withMotionGatingTwoCamerasOnTwoWorkersKeepTheirRateAndTheShareOfModelCallsIsSaid(@TempDir Path work)
            throws Exception {
        Path json = work.resolve("density.json");
        InJvm.Result r = twoCamerasAt2PerSecond("clips/bottle-detection.mp4", json, "--motion");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("Motion gating: the model ran on "), r.stdout());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (JsonNode rate : figures.get("rates")) {
            assertEquals(2.0, rate.asDouble(), 0.5, "a still frame is a result too: " + figures);
        }
        double share = figures.get("model_share").asDouble();
        assertTrue(share > 0 && share <= 1, "the model ran on a share of the frames: " + figures);
    }

    /** Two loopback cameras of {@code clip}, detected twice a second each for 5 s after 3 s of warm-up. */
    private static InJvm.Result twoCamerasAt2PerSecond(String clip, Path json, String mode) throws Exception {
        return InJvm.vision(
                "bench",
                "density",
                "--clip",
                TestData.media(clip).toString(),
                "--cameras",
                "2",
                "--rate",
                "2",
                "--seconds",
                "5",
                "--warm-up",
                "3",
                mode,
                "--json",
                json.toString());
    }
}
