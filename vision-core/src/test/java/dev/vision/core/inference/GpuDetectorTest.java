package dev.vision.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.result.Detection;
import dev.vision.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** On a CUDA machine (CUDA libtorch loaded, see README), the GPU gives the CPU's answer. Skips elsewhere. */
class GpuDetectorTest {

    @Test
    void yoloxOnTheGpuMatchesTheCpu() throws Exception {
        int gpus;
        try {
            gpus = Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException e) {
            gpus = 0;
        }
        assumeTrue(gpus > 0, "no CUDA device visible to the PyTorch engine");
        var store = TestData.modelStore(TestData.tempDir("vision-cache"));
        Mat dog = new ImageDecoder().read(TestData.media("images/dog.jpg"));
        try (Detector cpu = Detector.builder()
                        .engine("pytorch")
                        .device("cpu")
                        .conf(0.3f)
                        .store(store)
                        .build();
                Detector gpu = Detector.builder()
                        .engine("pytorch")
                        .device("gpu")
                        .conf(0.3f)
                        .store(store)
                        .build()) {
            List<Detection> a = cpu.run(List.of(dog)).outputs().get(0);
            List<Detection> b = gpu.run(List.of(dog)).outputs().get(0);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).label(), b.get(i).label());
                assertTrue(a.get(i).box().iou(b.get(i).box()) > 0.95);
            }
        } finally {
            dog.release();
        }
    }
}
