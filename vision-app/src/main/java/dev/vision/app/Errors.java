package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import java.util.Map;

/** Says the core's errors in the command line's words: a setting becomes the option that sets it. */
final class Errors {

    /** Core setting names (as the builders call them) and the options that set them. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("source", "SOURCE"),
            Map.entry("conf", "--conf"),
            Map.entry("iou", "--iou"),
            Map.entry("maxDetections", "--max-det"),
            Map.entry("classes", "--classes"),
            Map.entry("topK", "--top-k"),
            Map.entry("batchSize", "--batch"),
            Map.entry("vidStride", "--vid-stride"),
            Map.entry("maxFrames", "--frames"),
            Map.entry("threads", "--threads"),
            Map.entry("inputSize", "--imgsz"),
            Map.entry("device", "--device"),
            Map.entry("engine", "--engine"),
            Map.entry("family", "--family"),
            Map.entry("labels", "--labels"),
            Map.entry("model", "--model"),
            Map.entry("tracker", "--tracker"),
            Map.entry("trackBuffer", "--track-buffer"),
            Map.entry("reidBuffer", "--reid-buffer"),
            Map.entry("speedScale", "--speed-scale"),
            Map.entry("calibrate", "--calibrate"),
            Map.entry("heatmap", "--heatmap"),
            Map.entry("anchor", "--anchor"),
            Map.entry("line", "--line"),
            Map.entry("zone", "--zone"),
            Map.entry("videoPreset", "--video-preset"),
            Map.entry("maxFps", "--max-fps"),
            Map.entry("workers", "--workers"),
            Map.entry("decodeThreads", "--decode-threads"),
            Map.entry("motionThreshold", "--motion-threshold"),
            Map.entry("clipOn", "--clip-on"),
            Map.entry("clip", "--clip-pre/--clip-post"),
            Map.entry("mqtt", "--mqtt"),
            Map.entry("mqttTopic", "--mqtt-topic"),
            Map.entry("webhook", "--webhook"),
            Map.entry("db", "--db"),
            Map.entry("loiter", "--loiter"),
            Map.entry("privacyMask", "--privacy-mask"),
            Map.entry("privacyStyle", "--privacy-style"),
            Map.entry("motionMask", "--motion-mask"),
            Map.entry("ignoreMask", "--ignore-mask"),
            Map.entry("blur", "--blur"));

    private Errors() {}

    static String describe(VisionException e) {
        if (e instanceof InvalidSettingException s) {
            return OPTIONS.getOrDefault(s.setting(), s.setting()) + ": " + s.problem();
        }
        return e.getMessage();
    }
}
