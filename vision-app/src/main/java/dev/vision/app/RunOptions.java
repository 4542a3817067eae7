package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import dev.vision.core.capture.SourceOptions;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.capture.SourceSpec;
import dev.vision.core.clip.ClipTrigger;
import dev.vision.core.geometry.MaskStyle;
import dev.vision.core.inference.DeviceRequest;
import dev.vision.core.privacy.Privacy;
import dev.vision.core.run.InferenceWorkers;
import dev.vision.core.run.OutputPlan;
import dev.vision.serve.run.MemoryLimits;
import dev.vision.serve.run.OutputCheck;
import dev.vision.serve.run.RunPlan;
import dev.vision.serve.run.ServeAddress;
import dev.vision.serve.run.TaskSpec;
import dev.vision.serve.store.StoreLocation;
import dev.vision.video.VideoFileSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/** Input, pacing and output options shared by detect and classify. */
public final class RunOptions {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for annotated images or video and run.json (default: a new runs/<task>/<n>).")
    Path out;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write JSON lines to FILE, or to stdout with '-'.")
    String json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write CSV rows to FILE.")
    Path csv;

    @Option(
            names = "--db",
            paramLabel = "FILE|JDBC_URL",
            description = "Keep every tracked object and event in an event store: a SQLite file (created) or "
                    + "jdbc:postgresql://…; query it with 'vision events'.")
    String db;

    @Option(names = "--no-save", description = "Write no annotated images or video and no run folder.")
    boolean noSave;

    @Option(names = "--force", description = "Replace existing output files, write into a non-empty --out folder.")
    boolean force;

    @Option(names = "--summary", description = "With --json, end the JSON lines with a summary object.")
    boolean summaryLine;

    @Option(
            names = "--show",
            description = "Show the annotated frames in a window (skipped with a note when there is no display).")
    boolean show;

    @Option(
            names = "--video-preset",
            defaultValue = "superfast",
            paramLabel = "PRESET",
            description = "x264 preset of the MP4 (ultrafast … veryslow; default: ${DEFAULT-VALUE}: cheap on the CPU, "
                    + "larger files).")
    String videoPreset;

    @Option(
            names = "--vid-stride",
            defaultValue = "1",
            paramLabel = "N",
            description = "Keep every Nth video frame (default: ${DEFAULT-VALUE}).")
    int vidStride;

    @Option(
            names = "--read-timeout",
            defaultValue = "5000",
            paramLabel = "MS",
            description = "Longest a network read may block before reconnecting (default: ${DEFAULT-VALUE}).")
    int readTimeoutMs;

    @Option(
            names = "--serve",
            paramLabel = "[HOST:]PORT",
            description =
                    "Serve a live page, MJPEG, events and metrics over HTTP (binds 127.0.0.1 unless a host is given).")
    String serve;

    @Option(
            names = "--realtime",
            description = "Play a video file at its own pace, as the camera it stands for: frames the model cannot "
                    + "keep up with are dropped, as they are live. With --serve, the page stays up after the end "
                    + "until Ctrl-C.")
    boolean realtime;

    @Option(
            names = "--mqtt",
            paramLabel = "mqtt://HOST:PORT",
            description = "Send every event as JSON to this MQTT broker (mqtts:// for TLS; user and password from "
                    + "VISION_MQTT_USER and VISION_MQTT_PASSWORD).")
    String mqtt;

    @Option(
            names = "--mqtt-topic",
            defaultValue = "vision",
            paramLabel = "PREFIX",
            description =
                    "Topic prefix: events on PREFIX/<name>/events, state on PREFIX/<name>/status (a source's name, else its position) (default: ${DEFAULT-VALUE}).")
    String mqttTopic;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST every event as JSON to URL (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(
            names = "--workers",
            defaultValue = "auto",
            paramLabel = "N|auto",
            description = "Inference workers, each with its own copy of the model and a share of the cores; frames are "
                    + "dealt out and put back in order (default: ${DEFAULT-VALUE}: 2 on a CPU with 2 cores or more, 1 on a "
                    + "GPU, for fewer than 16 images or with --motion).")
    String workers;

    @Option(
            names = "--decode-threads",
            defaultValue = "auto",
            paramLabel = "N|auto",
            description =
                    "Images decoded at once, ahead of the model, for folders and globs (default: ${DEFAULT-VALUE}: "
                            + "2 on a machine with 2 cores or more for 16 images or more, else 1).")
    String decodeThreads;

    @Option(
            names = "--full-decode",
            description = "Decode every image in full. By default, when no image or video "
                    + "is written (--no-save, no --show or --serve), a JPEG at least twice the size the model needs is decoded "
                    + "by libjpeg at 1/2, 1/4 or 1/8 of its size, which costs a fraction of a full decode.")
    boolean fullDecode;

    @Option(
            names = "--sources",
            paramLabel = "FILE",
            description =
                    "Read more sources from FILE, one a line, as SOURCE, NAME=SOURCE or 'NAME: SOURCE' ('#' starts a comment); they follow any given as arguments.")
    Path sourcesFile;

    @Option(
            names = "--max-fps",
            paramLabel = "N",
            description = "Run the model on at most N frames a second of each video, camera or stream (the others are "
                    + "left out and counted).")
    Double maxFps;

    @Option(
            names = "--motion",
            description = "Run the model only on frames that differ from the source's running "
                    + "background (at least every 5 s); a still frame keeps its stream's last detections.")
    boolean motion;

    @Option(
            names = "--motion-threshold",
            defaultValue = "0.003",
            paramLabel = "SHARE",
            description = "With --motion: the share of pixels that must change (default: ${DEFAULT-VALUE}).")
    double motionThreshold;

    @Option(
            names = "--privacy-mask",
            paramLabel = "NAME=X1,Y1,...",
            description = "Black out (or --privacy-style pixelate) this polygon in every frame as it is decoded, "
                    + "before the model or any output sees it; repeatable.")
    List<String> privacyMasks = new ArrayList<>();

    @Option(
            names = "--privacy-style",
            defaultValue = "black",
            paramLabel = "STYLE",
            description = "How privacy masks hide: black or pixelate (default: ${DEFAULT-VALUE}).")
    String privacyStyle;

    @Option(
            names = "--motion-mask",
            paramLabel = "NAME=X1,Y1,...",
            description = "With --motion: changes inside this polygon wake nothing (a tree, a clock); repeatable.")
    List<String> motionMasks = new ArrayList<>();

    @Option(
            names = "--ignore-mask",
            paramLabel = "NAME=X1,Y1,...",
            description = "Drop detections whose anchor lies inside this polygon (a poster, a parked car); repeatable.")
    List<String> ignoreMasks = new ArrayList<>();

    @Option(
            names = "--blur",
            paramLabel = "CLASSES",
            description = "Pixelate the boxes of these classes (person,car) in every image written or served; "
                    + "counting is unchanged.")
    List<String> blur = new ArrayList<>();

    @Option(
            names = "--clip-on",
            paramLabel = "EVENT[:CLASS]",
            description = "Write an MP4 clip around each such event (track; repeatable), e.g. line_crossed, "
                    + "zone_entered:person; clips go to clips/ in the run folder.")
    List<String> clipOn = new ArrayList<>();

    @Option(
            names = "--clip-pre",
            defaultValue = "5",
            paramLabel = "S",
            description = "Seconds of video before the event in its clip (default: ${DEFAULT-VALUE}).")
    double clipPreS;

    @Option(
            names = "--clip-post",
            defaultValue = "5",
            paramLabel = "S",
            description = "Seconds of video after the event in its clip (default: ${DEFAULT-VALUE}).")
    double clipPostS;

    @Option(
            names = {"-q", "--quiet"},
            description = "No per-image lines; warnings and the summary only.")
    boolean quiet;

    /**
     * The sources of the run: those given as arguments, then those of {@code --sources FILE}.
     *
     * @throws VisionException when there are none, or the file cannot be read
     */
    List<String> sources(List<String> given) {
        return SourceSpec.listed(given == null ? List.of() : given, Optional.ofNullable(sourcesFile));
    }

    /** How many inference workers (see {@link InferenceWorkers#choose}). */
    int workers(DeviceRequest device, int streams, int imageCount) {
        return InferenceWorkers.choose(workers, motion, streams, device, imageCount);
    }

    /** Where the results of a {@code task} run go, as the output options say; checked by {@link #checkOutputs}. */
    OutputPlan outputPlan(String task) {
        OutputPlan.RunFolder folder = noSave
                ? new OutputPlan.RunFolder.None()
                : out != null
                        ? new OutputPlan.RunFolder.Given(out)
                        : new OutputPlan.RunFolder.Numbered(Path.of("runs", task));
        Optional<OutputPlan.JsonTarget> jsonTarget = json == null
                ? Optional.empty()
                : Optional.of(
                        json.equals("-")
                                ? new OutputPlan.JsonTarget.Stdout()
                                : new OutputPlan.JsonTarget.File(Path.of(json)));
        Optional<OutputPlan.ClipPlan> clips = clipOn.isEmpty()
                ? Optional.empty()
                : Optional.of(new OutputPlan.ClipPlan(
                        clipOn.stream().map(ClipTrigger::parse).toList(),
                        Duration.ofMillis(Math.round(clipPreS * 1000)),
                        Duration.ofMillis(Math.round(clipPostS * 1000))));
        List<OutputPlan.EventTarget> events = new ArrayList<>();
        if (mqtt != null) {
            events.add(OutputPlan.EventTarget.Mqtt.parse(
                    mqtt,
                    mqttTopic,
                    Optional.ofNullable(System.getenv("VISION_MQTT_USER")),
                    Optional.ofNullable(System.getenv("VISION_MQTT_PASSWORD"))));
        }
        webhooks.forEach(hook -> events.add(OutputPlan.EventTarget.Webhook.parse(hook)));
        return new OutputPlan(
                folder,
                jsonTarget,
                Optional.ofNullable(csv),
                force ? OutputPlan.Existing.REPLACE : OutputPlan.Existing.REFUSE,
                clips,
                events,
                show ? OutputPlan.Display.WINDOW : OutputPlan.Display.NONE,
                videoPreset);
    }

    /** How the sources are read: --read-timeout, --max-fps, --decode-threads. */
    SourceOptions sourceOptions() {
        SourceOptions options = SourceOptions.defaults().withReadTimeout(Duration.ofMillis(readTimeoutMs));
        if (maxFps != null) {
            options = options.withMaxFps(maxFps);
        }
        return options.withDecodeThreads(decodeThreads);
    }

    /**
     * The run these options describe, over {@code sources} (planned) for {@code task}.
     *
     * @param batch       frames per model call
     * @param commandLine the arguments as given, for run.json
     */
    RunPlan plan(List<String> specs, SourceSet sources, TaskSpec task, int batch, List<String> commandLine) {
        return new RunPlan(
                specs,
                commandLine,
                batch,
                vidStride,
                outputPlan(task.name()),
                workers(task.device(), sources.count(), sources.imageCount()),
                Optional.ofNullable(serve).map(ServeAddress::parse),
                motion ? Optional.of(motionThreshold) : Optional.<Double>empty(),
                reducedDecode() ? RunPlan.Decode.REDUCED : RunPlan.Decode.FULL,
                realtime ? RunPlan.Pace.REAL_TIME : RunPlan.Pace.AS_FAST_AS_PROCESSED,
                summaryLine ? RunPlan.SummaryLine.WRITTEN : RunPlan.SummaryLine.LEFT_OUT,
                maxFps == null ? OptionalDouble.empty() : OptionalDouble.of(maxFps),
                Optional.ofNullable(db).map(StoreLocation::parse),
                privacy(),
                MemoryLimits::processLimit);
    }

    /** The masks and blur the options give; refused before anything loads. */
    Privacy privacy() {
        return Privacy.of(privacyMasks, MaskStyle.parse(privacyStyle), motionMasks, ignoreMasks, blur);
    }

    /** Whether images may be decoded at a reduced size: nothing draws on them and --full-decode is not given. */
    boolean reducedDecode() {
        return !fullDecode && noSave && !show && serve == null && clipOn.isEmpty();
    }

    /** The load-control and clip options, checked before anything is loaded. */
    void checkLoadControl(boolean tracked) {
        privacy();
        if (!motionMasks.isEmpty() && !motion) {
            throw new VisionException("--motion-mask: only motion gating uses it: add --motion");
        }
        if (!(motionThreshold >= 0 && motionThreshold <= 1)) {
            throw new InvalidSettingException(
                    "motionThreshold", "must be a share between 0 and 1, got " + motionThreshold);
        }
        if (!clipOn.isEmpty()) {
            if (!tracked) {
                throw new VisionException(
                        "--clip-on: events come from tracking: use 'vision track' with --line or --zone");
            }
            if (noSave) {
                throw new VisionException("--clip-on writes clips into the run folder: it cannot go with --no-save");
            }
            clipOn.forEach(ClipTrigger::parse);
        }
        if (!(clipPreS >= 0 && clipPreS <= 60) || !(clipPostS >= 0 && clipPostS <= 600)) {
            throw new InvalidSettingException(
                    "clip",
                    "--clip-pre takes 0 to 60 s and --clip-post 0 to 600 s, got " + clipPreS + " and " + clipPostS);
        }
    }

    /** Every output option checked before anything is loaded or created (see {@link OutputCheck}). */
    void checkOutputs() {
        outputPlan("detect"); // event targets: a broker, topic or webhook that is not one
        if (summaryLine && json == null) {
            throw new VisionException("--summary ends the JSON lines with a summary: it needs --json FILE|-");
        }
        if (!VideoFileSink.PRESETS.contains(videoPreset)) {
            throw new InvalidSettingException(
                    "videoPreset",
                    "unknown x264 preset '" + videoPreset + "' (" + String.join(", ", VideoFileSink.PRESETS) + ")");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new VisionException("--out " + out + ": exists and is not a folder");
        }
        if (serve != null) {
            ServeAddress.parse(serve); // a bad address is one line before anything loads
        }
        new OutputCheck(force)
                .file("--json", json == null || json.equals("-") ? null : Path.of(json))
                .file("--csv", csv);
    }
}
