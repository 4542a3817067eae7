package dev.vision.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.InferenceEngine;
import org.junit.jupiter.api.Test;

class DeviceRequestTest {

    @Test
    void everySpellingOfTheCommandLineIsRead() {
        assertEquals(DeviceRequest.AUTO, DeviceRequest.parse("auto"));
        assertEquals(DeviceRequest.AUTO, DeviceRequest.parse(null));
        assertEquals(DeviceRequest.CPU, DeviceRequest.parse(" CPU "));
        assertEquals(new DeviceRequest.Gpu(0), DeviceRequest.parse("gpu"));
        assertEquals(new DeviceRequest.Gpu(0), DeviceRequest.parse("cuda"));
        assertEquals(new DeviceRequest.Gpu(3), DeviceRequest.parse("gpu:3"));
        assertEquals(new DeviceRequest.Gpu(1), DeviceRequest.parse("CUDA:1"));
        assertEquals("gpu:3", DeviceRequest.parse("gpu:3").id());
        assertEquals("cpu", DeviceRequest.CPU.id());
    }

    @Test
    void anythingElseNamesTheSettingAndTheChoices() {
        for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "gpu:x", ""}) {
            var e = assertThrows(InvalidSettingException.class, () -> DeviceRequest.parse(bad), bad);
            assertEquals("device", e.setting());
            assertTrue(e.problem().contains("auto, cpu, gpu or gpu:N"), e.problem());
        }
    }

    @Test
    void theCpuIsTheCpuOnEveryEngineAndAMissingGpuIsRefused() {
        var cpu = DeviceSelector.select(DeviceRequest.CPU, InferenceEngine.ONNXRUNTIME);
        assertEquals(Device.cpu(), cpu);
        var onnxGpu = DeviceSelector.choose(new DeviceRequest.Gpu(0), InferenceEngine.ONNXRUNTIME);
        if (onnxGpu.device().isGpu()) {
            return; // a machine with a usable GPU: nothing to refuse
        }
        assertTrue(onnxGpu.fallback().orElseThrow().startsWith("--device gpu:0: ONNX Runtime cannot use a CUDA GPU"));
    }
}
