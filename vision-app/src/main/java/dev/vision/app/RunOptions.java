package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import dev.vision.video.VideoFileSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Input, pacing and output options shared by detect and classify. */
public final class RunOptions {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for annotated images or video and run.json (default: a new runs/<task>/<n>).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write JSON lines to FILE, or to stdout with '-'.")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write CSV rows to FILE.")
    Path csv;

    @Option(names = "--no-save", description = "Write no annotated images or video and no run folder.")
    boolean noSave;

    @Option(names = "--force", description = "Replace existing output files, write into a non-empty --out folder.")
    boolean force;

    @Option(names = "--summary", description = "With --json, end the JSON lines with a summary object.")
    boolean summaryLine;

    @Option(names = "--show", description = "Show the annotated frames in a window (skipped with a note when there is no display).")
    boolean show;

    @Option(names = "--video-preset", defaultValue = "superfast", paramLabel = "PRESET",
            description = "x264 preset of the MP4 (ultrafast … veryslow; default: ${DEFAULT-VALUE}: cheap on the CPU, "
                    + "larger files).")
    String videoPreset;

    @Option(names = "--vid-stride", defaultValue = "1", paramLabel = "N", description = "Keep every Nth video frame (default: ${DEFAULT-VALUE}).")
    int vidStride;

    @Option(names = "--read-timeout", defaultValue = "5000", paramLabel = "MS",
            description = "Longest a network read may block before reconnecting (default: ${DEFAULT-VALUE}).")
    int readTimeoutMs;

    @Option(names = "--serve", paramLabel = "[HOST:]PORT",
            description = "Serve a live page, MJPEG, events and metrics over HTTP (binds 127.0.0.1 unless a host is given).")
    String serve;

    @Option(names = "--mqtt", paramLabel = "mqtt://HOST:PORT",
            description = "Send every event as JSON to this MQTT broker (mqtts:// for TLS; user and password from "
                    + "VISION_MQTT_USER and VISION_MQTT_PASSWORD).")
    String mqtt;

    @Option(names = "--mqtt-topic", defaultValue = "vision", paramLabel = "PREFIX",
            description = "Topic prefix: events on PREFIX/<stream>/events, state on PREFIX/<stream>/status (default: ${DEFAULT-VALUE}).")
    String mqttTopic;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST every event as JSON to URL (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No per-image lines; warnings and the summary only.")
    boolean quiet;

    @Option(names = "--simulate-slow-model", defaultValue = "0", paramLabel = "MS", hidden = true,
            description = "Testing aid: add MS to every model call.")
    long simulatedDelayMs;

    /** Every output option checked before anything is loaded or created (see {@link OutputCheck}). */
    void checkOutputs() {
        if (mqtt != null && !mqtt.matches("(?i)mqtts?://[^/:]+(:\\d+)?/?")) {
            throw new VisionException("--mqtt " + mqtt + ": not a broker address (mqtt://HOST:PORT or mqtts://HOST:PORT)");
        }
        for (String hook : webhooks) {
            if (!hook.matches("(?i)https?://.+")) {
                throw new VisionException("--webhook " + hook + ": not an http:// or https:// URL");
            }
        }
        if (summaryLine && json == null) {
            throw new VisionException("--summary ends the JSON lines with a summary: it needs --json FILE|-");
        }
        if (!VideoFileSink.PRESETS.contains(videoPreset)) {
            throw new InvalidSettingException("videoPreset", "unknown x264 preset '" + videoPreset + "' ("
                    + String.join(", ", VideoFileSink.PRESETS) + ")");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new VisionException("--out " + out + ": exists and is not a folder");
        }
        new OutputCheck(force).file("--json", json == null || json.equals("-") ? null : Path.of(json))
                .file("--csv", csv);
    }
}
