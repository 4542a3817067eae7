package dev.vision.core.model;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.postprocess.DetectionDecoder;
import dev.vision.core.postprocess.EndToEndDecoder;
import dev.vision.core.postprocess.PicodetDecoder;
import dev.vision.core.postprocess.Yolov5Decoder;
import dev.vision.core.postprocess.Yolov8Decoder;
import dev.vision.core.postprocess.YoloxDecoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A way of reading a model: how its input tensor is made ({@link #input(int, int)}) and, for detectors, how
 * its output is decoded ({@link #newDecoder()}). Families are data: adding one is one call to
 * {@link #register}, and every part of vision (the model store, the translators, the command line's help)
 * reads the registry. Thread-safe.
 */
public final class ModelFamily {

    /** What a family's models answer. */
    public enum Task {
        DETECT,
        CLASSIFY
    }

    /** Makes the input specification for a model of a given input size. */
    @FunctionalInterface
    public interface InputFactory {
        InputSpec spec(int width, int height);
    }

    private static final Map<String, ModelFamily> BY_NAME = new ConcurrentHashMap<>();
    private static final List<ModelFamily> ALL = new ArrayList<>();

    /** Top-left letterbox padded with 114, BGR, raw 0–255 values; grid-relative outputs. */
    public static final ModelFamily YOLOX = register(detector(
            "yolox",
            416,
            (w, h) -> new InputSpec(
                    w,
                    h,
                    InputSpec.Resize.LETTERBOX_TOP_LEFT,
                    /* rgb= */ false,
                    new double[] {0, 0, 0},
                    new double[] {1, 1, 1},
                    1.0,
                    114),
            YoloxDecoder::new));

    /** Plain resize, BGR, ImageNet mean and std on 0–255 values; GFL distance outputs. */
    public static final ModelFamily PICODET = register(detector(
            "picodet",
            416,
            (w, h) -> new InputSpec(
                    w,
                    h,
                    InputSpec.Resize.STRETCH,
                    /* rgb= */ false,
                    new double[] {103.53, 116.28, 123.675},
                    new double[] {57.375, 57.12, 58.395},
                    1.0,
                    0),
            PicodetDecoder::new));

    /** YOLOv5 exports: Ultralytics' input; decoded boxes with objectness. */
    public static final ModelFamily YOLOV5 =
            register(detector("yolov5", 640, ModelFamily::ultralyticsInput, Yolov5Decoder::new));

    /** YOLOv8 and YOLO11 exports: Ultralytics' input; decoded boxes, class scores, no objectness. */
    public static final ModelFamily YOLOV8 = register(
            detector("yolov8", 640, ModelFamily::ultralyticsInput, Yolov8Decoder::new, "yolo11", "yolov11", "yolo8"));

    /**
     * End-to-end exports (YOLOv10, YOLO26: Ultralytics' {@code end2end} models, and others of that contract):
     * Ultralytics' input; [N, rows, 6] out, x1, y1, x2, y2, score, class per row, suppression done inside.
     */
    public static final ModelFamily END_TO_END = register(detector(
            "end2end",
            640,
            ModelFamily::ultralyticsInput,
            () -> new EndToEndDecoder(EndToEndDecoder.BoxFormat.XYXY),
            "yolo26",
            "yolov10",
            "yolo-e2e"));

    /** The same with rows of cx, cy, w, h, score, class. */
    public static final ModelFamily END_TO_END_CENTRED = register(detector(
            "end2end-cxcywh",
            640,
            ModelFamily::ultralyticsInput,
            () -> new EndToEndDecoder(EndToEndDecoder.BoxFormat.CXCYWH)));

    /**
     * ImageNet-style classifiers: short side resized to 256/224 of the input, centre crop, RGB scaled to 0–1
     * and normalised by the ImageNet mean and std; [N, classes] logits out.
     */
    public static final ModelFamily CLASSIFICATION = register(new ModelFamily(
            "classification",
            Task.CLASSIFY,
            224,
            (w, h) -> new InputSpec(
                    w,
                    h,
                    InputSpec.Resize.RESIZE_SHORT_CENTER_CROP,
                    /* rgb= */ true,
                    new double[] {0.485, 0.456, 0.406},
                    new double[] {0.229, 0.224, 0.225},
                    1.0 / 255.0,
                    0),
            null,
            List.of("classify", "imagenet")));

    private final String id;
    private final Task task;
    private final int defaultInputSize;
    private final InputFactory input;
    private final Supplier<DetectionDecoder> decoder;
    private final List<String> aliases;

    private ModelFamily(
            String id,
            Task task,
            int defaultInputSize,
            InputFactory input,
            Supplier<DetectionDecoder> decoder,
            List<String> aliases) {
        this.id = id;
        this.task = task;
        this.defaultInputSize = defaultInputSize;
        this.input = Objects.requireNonNull(input);
        this.decoder = decoder;
        this.aliases = List.copyOf(aliases);
        if (task == Task.DETECT && decoder == null) {
            throw new IllegalArgumentException("detector family " + id + " needs a decoder");
        }
    }

    /** A detector family: {@code decoder} makes a fresh (not thread-safe) decoder per translator. */
    public static ModelFamily detector(
            String id,
            int defaultInputSize,
            InputFactory input,
            Supplier<DetectionDecoder> decoder,
            String... aliases) {
        return new ModelFamily(id, Task.DETECT, defaultInputSize, input, decoder, List.of(aliases));
    }

    /** Adds {@code family} under its id and aliases, so descriptors and {@link #parse} find it. */
    public static synchronized ModelFamily register(ModelFamily family) {
        for (String name : family.names()) {
            ModelFamily before = BY_NAME.putIfAbsent(name, family);
            if (before != null && before != family) {
                throw new IllegalArgumentException("model family name '" + name + "' is taken by " + before.id);
            }
        }
        ALL.add(family);
        return family;
    }

    /** Every registered family, in registration order. */
    public static synchronized List<ModelFamily> all() {
        return List.copyOf(ALL);
    }

    /** The registered ids joined by "|", for help texts ("yolox|picodet|…"). */
    public static String idsText() {
        return all().stream().map(ModelFamily::id).collect(Collectors.joining("|"));
    }

    /** The family called {@code name} (its id or an alias, any case). */
    public static ModelFamily parse(String name) {
        ModelFamily family = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (family == null) {
            throw new InvalidSettingException(
                    "family",
                    "unknown model family '" + name + "' ("
                            + all().stream().flatMap(f -> f.names().stream()).collect(Collectors.joining(", ")) + ")");
        }
        return family;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(id);
        names.addAll(aliases);
        return names;
    }

    public String id() {
        return id;
    }

    public Task task() {
        return task;
    }

    public boolean detects() {
        return task == Task.DETECT;
    }

    public int defaultInputSize() {
        return defaultInputSize;
    }

    /** How to make the input tensor of a model of this family with the given input size. */
    public InputSpec input(int width, int height) {
        return input.spec(width, height);
    }

    /** A new decoder of this family's raw output; only for detector families. */
    public DetectionDecoder newDecoder() {
        if (decoder == null) {
            throw new IllegalStateException(id + " is not a detector family");
        }
        return decoder.get();
    }

    @Override
    public String toString() {
        return id;
    }

    /** What Ultralytics' exporters expect: centred letterbox padded with 114, RGB, values 0–1. */
    private static InputSpec ultralyticsInput(int width, int height) {
        return new InputSpec(
                width,
                height,
                InputSpec.Resize.LETTERBOX_CENTER,
                /* rgb= */ true,
                new double[] {0, 0, 0},
                new double[] {1, 1, 1},
                1.0 / 255.0,
                114);
    }
}
