package dev.vision.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ModelStore;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.testing.TestData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The real detectors on real photos: the objects a person sees, with boxes where they are. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorTest {

    /** YOLOX-Nano on darknet's dog.jpg, from the reference run in shared/models/README.md (conf 0.3). */
    private static final Map<String, Box> DOG_REFERENCE = Map.of(
            "dog", new Box(132, 206, 325, 543),
            "bicycle", new Box(51, 137, 572, 423),
            "car", new Box(466, 78, 692, 171));

    private final List<AutoCloseable> open = new ArrayList<>();
    private ModelStore store;
    private Detector yoloxTorch;
    private Detector yoloxOnnx;
    private final ImageDecoder decoder = new ImageDecoder();

    @BeforeAll
    void loadModels() throws Exception {
        store = TestData.modelStore(TestData.tempDir("vision-cache"));
        yoloxTorch = load("yolox-nano", InferenceEngine.PYTORCH);
        yoloxOnnx = load("yolox-nano", InferenceEngine.ONNXRUNTIME);
    }

    private Detector load(String name, InferenceEngine engine) throws Exception {
        Detector d = Detector.builder()
                .model(name)
                .engine(engine.id())
                .device("cpu")
                .conf(0.3f)
                .store(store)
                .build();
        open.add(d);
        return d;
    }

    @AfterAll
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private List<Detection> detect(Detector detector, String image) throws Exception {
        Mat m = decoder.read(TestData.media("images/" + image));
        try {
            return detector.run(List.of(m)).outputs().get(0);
        } finally {
            m.release();
        }
    }

    private static Optional<Detection> best(List<Detection> ds, String label) {
        return ds.stream().filter(d -> d.label().equals(label)).max(Comparator.comparingDouble(Detection::score));
    }

    private static Detection found(List<Detection> ds, String... labels) {
        for (String label : labels) {
            Optional<Detection> d = best(ds, label);
            if (d.isPresent()) {
                return d.get();
            }
        }
        throw new AssertionError("none of " + List.of(labels) + " found in " + ds);
    }

    @Test
    void yoloxOnPyTorchFindsTheDogTheBicycleAndTheTruckWhereTheReferenceDoes() throws Exception {
        List<Detection> ds = detect(yoloxTorch, "dog.jpg");
        for (var ref : DOG_REFERENCE.entrySet()) {
            Detection d = found(ds, ref.getKey());
            assertTrue(d.box().iou(ref.getValue()) >= 0.5, ref.getKey() + " at " + d.box() + " vs " + ref.getValue());
            assertTrue(d.score() > 0.6, ref.getKey() + " score " + d.score());
        }
        Detection dog = found(ds, "dog");
        assertEquals(0.855, dog.score(), 0.02, "the reference run's score");
    }

    @Test
    void onnxRuntimeGivesTheSameObjectsAsPyTorch() throws Exception {
        List<Detection> torch = detect(yoloxTorch, "dog.jpg");
        List<Detection> onnx = detect(yoloxOnnx, "dog.jpg");
        assertEquals(torch.size(), onnx.size(), torch + " vs " + onnx);
        for (Detection t : torch) {
            Detection o = found(onnx, t.label());
            assertTrue(o.box().iou(t.box()) >= 0.9, t + " vs " + o);
            assertEquals(t.score(), o.score(), 0.01);
        }
    }

    @Test
    void personHorseAndDogStandInTheirPlaces() throws Exception {
        List<Detection> ds = detect(yoloxTorch, "person.jpg");
        Detection person = found(ds, "person");
        Detection horse = found(ds, "horse");
        Detection dog = found(ds, "dog");
        // 640x424 photo: dog at the left, the person in the middle, the white horse at the right
        assertTrue(dog.box().x2() < horse.box().x1(), "dog left of horse");
        assertTrue(person.box().x1() > dog.box().x1()
                && person.box().x2() < horse.box().x2());
        assertTrue(person.box().height() > 0.5 * 424, "the person stands most of the image's height");
        assertTrue(horse.box().x1() > 320, "horse in the right half: " + horse.box());
    }

    @Test
    void giraffeTowersOverTheZebra() throws Exception {
        List<Detection> ds = detect(yoloxTorch, "giraffe.jpg");
        Detection giraffe = found(ds, "giraffe");
        Detection zebra = found(ds, "zebra");
        assertTrue(giraffe.box().y1() < zebra.box().y1(), "giraffe's head above the zebra");
        assertTrue(giraffe.box().height() > 0.6 * 500, "giraffe spans most of the 500 px height: " + giraffe.box());
    }

    @Test
    void severalHorsesInTheField() throws Exception {
        List<Detection> horses = detect(yoloxTorch, "horses.jpg").stream()
                .filter(d -> d.label().equals("horse"))
                .toList();
        assertTrue(horses.size() >= 3, "horses found: " + horses);
        for (Detection h : horses) {
            assertTrue(h.box().y2() > 512 * 0.5, "horses stand in the field, not the sky: " + h.box());
        }
    }

    @Test
    void rocketPhotoHasNoConfidentObjects() throws Exception {
        List<Detection> ds = detect(yoloxTorch, "rocket.jpg");
        assertTrue(ds.stream().noneMatch(d -> d.score() > 0.5), "nothing COCO in a rocket launch: " + ds);
    }

    @Test
    void aBatchGivesTheSameAnswerAsOneImageAtATime() throws Exception {
        List<Mat> images = new ArrayList<>();
        try {
            for (String name : List.of("dog.jpg", "person.jpg", "giraffe.jpg")) {
                images.add(decoder.read(TestData.media("images/" + name)));
            }
            List<List<Detection>> batched = yoloxOnnx.run(images).outputs();
            for (int i = 0; i < images.size(); i++) {
                List<Detection> single =
                        yoloxOnnx.run(List.of(images.get(i))).outputs().get(0);
                assertEquals(single.size(), batched.get(i).size());
                for (int k = 0; k < single.size(); k++) {
                    assertEquals(single.get(k).label(), batched.get(i).get(k).label());
                    assertTrue(single.get(k).box().iou(batched.get(i).get(k).box()) > 0.99);
                }
            }
        } finally {
            images.forEach(Mat::release);
        }
    }

    @Test
    @Tag(TestData.TEAM_DATA)
    void picodetOnBothEnginesFindsTheDogCarAndBicycle() throws Exception {
        for (InferenceEngine engine : InferenceEngine.values()) {
            try (Detector picodet = load("picodet-s", engine)) {
                open.remove(picodet);
                List<Detection> ds = detect(picodet, "dog.jpg");
                // reference scores: dog 0.921, car 0.794, bicycle 0.679
                assertEquals(0.921, found(ds, "dog").score(), 0.02, engine.id());
                assertEquals(0.794, found(ds, "car").score(), 0.02, engine.id());
                assertEquals(0.679, found(ds, "bicycle").score(), 0.02, engine.id());
                assertTrue(found(ds, "dog").box().iou(DOG_REFERENCE.get("dog")) > 0.5, engine.id());
                assertTrue(found(ds, "car").box().iou(DOG_REFERENCE.get("car")) > 0.5, engine.id());
            }
        }
    }

    @Test
    void classFilterKeepsOnlyTheClassesAsked() throws Exception {
        try (Detector d = Detector.builder()
                .engine("onnxruntime")
                .device("cpu")
                .conf(0.3f)
                .classes(List.of("dog"))
                .store(store)
                .build()) {
            List<Detection> ds = detect(d, "dog.jpg");
            assertEquals(1, ds.size(), ds.toString());
            assertEquals("dog", ds.get(0).label());
        }
    }

    @Test
    void everyKindOfImageInputGivesTheSameAnswer() throws Exception {
        Path dog = TestData.media("images/dog.jpg");
        List<Detection> fromPath = yoloxOnnx.detect(dog);
        byte[] bytes = Files.readAllBytes(dog);
        assertEquals(fromPath, yoloxOnnx.detect(bytes), "encoded bytes");
        BufferedImage buffered = ImageIO.read(dog.toFile());
        List<Detection> fromBuffered = yoloxOnnx.detect(buffered);
        assertEquals(fromPath.size(), fromBuffered.size(), "BufferedImage");
        for (int i = 0; i < fromPath.size(); i++) {
            assertEquals(fromPath.get(i).label(), fromBuffered.get(i).label());
            assertTrue(fromPath.get(i).box().iou(fromBuffered.get(i).box()) > 0.98, "JPEG decoders differ slightly");
        }
        Mat grey = Imgcodecs.imread(dog.toString(), Imgcodecs.IMREAD_GRAYSCALE);
        try {
            assertTrue(yoloxOnnx.detect(grey).stream().anyMatch(d -> d.label().equals("dog")), "a grey Mat");
            assertEquals(1, grey.channels(), "the caller's Mat is left as it was");
        } finally {
            grey.release();
        }
        List<List<Detection>> batch = yoloxOnnx.detectAll(List.of(dog, bytes));
        assertEquals(List.of(fromPath, fromPath), batch, "a batch of two");
    }

    @Test
    void oneDetectorSharedByFourThreadsGivesEachTheSameAnswer() throws Exception {
        Path dog = TestData.media("images/dog.jpg");
        List<Detection> expected = yoloxOnnx.detect(dog);
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Detection>>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> yoloxOnnx.detect(dog)));
            }
            for (Future<List<Detection>> answer : answers) {
                assertEquals(expected, answer.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void settingsOutOfRangeAndAClassifierAreRefusedInDomainWords() {
        var conf = assertThrows(
                InvalidSettingException.class,
                () -> Detector.builder().conf(1.5f).store(store).build());
        assertEquals("conf", conf.setting());
        var unknown = assertThrows(
                InvalidSettingException.class,
                () -> Detector.builder()
                        .classes(List.of("unicorn"))
                        .store(store)
                        .build());
        assertEquals("classes", unknown.setting());
        assertTrue(unknown.problem().contains("unicorn"));
        var classifier = assertThrows(
                InvalidSettingException.class,
                () -> Detector.builder().model("mobilenet-v2").store(store).build());
        assertEquals("model", classifier.setting());
        assertTrue(classifier.problem().contains("classifier"), classifier.problem());
        assertThrows(
                InvalidSettingException.class,
                () -> Detector.builder().threads(100_000).store(store).build());
    }

    @Test
    void onnxRuntimeAskedForAGpuItCannotUseRunsOnTheCpuAndSaysSoOnce() throws Exception {
        try (Detector d = Detector.builder()
                .model("yolox-nano")
                .engine("onnxruntime")
                .device("gpu")
                .conf(0.3f)
                .store(store)
                .build()) {
            if (d.deviceName().startsWith("gpu")) {
                assertTrue(d.model().notes().isEmpty(), "on a CUDA machine with -Pgpu it runs there, silently");
            } else {
                assertEquals("cpu", d.deviceName());
                assertEquals(
                        1,
                        d.model().notes().stream()
                                .filter(n -> n.startsWith("--device gpu:0: ONNX Runtime cannot use a CUDA GPU here (")
                                        && n.endsWith("): running on the CPU (see README, GPU)"))
                                .count(),
                        d.model().notes().toString());
            }
            Detection dog = best(detect(d, "dog.jpg"), "dog").orElseThrow();
            assertTrue(dog.box().iou(DOG_REFERENCE.get("dog")) > 0.9, "the dog, wherever it ran: " + dog.box());
        }
    }

    /** Runs a script of scripts/ with Debian's Python; returns its standard output. */
    private static String python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/python3",
                TestData.repoRoot().resolve("scripts").resolve(script).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(
                0,
                p.waitFor(),
                script + " needs /usr/bin/python3 with python3-onnx, python3-opencv and "
                        + "python3-numpy (.ci/run installs them): " + out);
        return out;
    }

    /** OpenCV DNN's YOLOX boxes (scripts/reference_yolox_boxes.py): label → [score, x1, y1, x2, y2]. */
    private static JsonNode reference(String placement) throws Exception {
        return new ObjectMapper()
                .readTree(python(
                        "reference_yolox_boxes.py",
                        TestData.modelMirror()
                                .resolve("yolox_nano_416_coco.upstream_b1.onnx")
                                .toString(),
                        TestData.media("images/dog.jpg").toString(),
                        TestData.modelMirror().resolve("coco80.names").toString(),
                        "--placement",
                        placement));
    }

    /** Every class of the reference is found with its best box within 1 px and its score within 0.01. */
    private static void matches(JsonNode reference, List<Detection> found, String what) {
        assertEquals(
                reference.size(),
                found.stream().map(Detection::label).distinct().count(),
                what + ": the classes of the reference, " + reference + ", found " + found);
        reference.fields().forEachRemaining(e -> {
            Detection d = best(found, e.getKey())
                    .orElseThrow(() -> new AssertionError(what + ": no " + e.getKey() + " in " + found));
            double[] ref = new double[5];
            for (int k = 0; k < 5; k++) {
                ref[k] = e.getValue().get(k).asDouble();
            }
            Box b = d.box();
            double worst = Math.max(
                    Math.max(Math.abs(b.x1() - ref[1]), Math.abs(b.y1() - ref[2])),
                    Math.max(Math.abs(b.x2() - ref[3]), Math.abs(b.y2() - ref[4])));
            assertTrue(
                    worst <= 1.0,
                    what + " " + e.getKey() + ": " + b + " against " + e.getValue() + " (" + worst + " px)");
            assertEquals(ref[0], d.score(), 0.01, what + " " + e.getKey() + " score");
        });
    }

    @Test
    @Tag(TestData.TEAM_DATA)
    void anEndToEndExportIsRecognisedByItsOutputAndFindsWhatYoloxFindsOnTheSameInput() throws Exception {
        // the bundled YOLOX wrapped into the YOLOv10 / YOLO26 contract: Ultralytics' input (centred letterbox,
        // RGB 0-1), [1,300,6] out, NMS inside; checked against OpenCV DNN's YOLOX on that same centred input
        Path e2e = TestData.tempDir("e2e").resolve("yolox_nano_e2e.onnx");
        python(
                "make_e2e_model.py",
                TestData.modelMirror().resolve("yolox_nano_416_coco.onnx").toString(),
                e2e.toString());
        try (Detector d = Detector.builder()
                .model(e2e.toString())
                .inputSize(416)
                .labels(TestData.modelMirror().resolve("coco80.names"))
                .store(store)
                .build()) {
            assertEquals("end2end", d.model().family().id(), "chosen from the output shape, no --family given");
            assertTrue(
                    d.model().notes().get(0).contains("read as family end2end from its output [1, 300, 6]"),
                    d.model().notes().toString());
            List<Detection> found = detect(d, "dog.jpg");
            matches(reference("centre"), found, "end-to-end");
            for (Detection a : found) {
                for (Detection b : found) {
                    assertTrue(
                            a == b || a.classId() != b.classId() || a.box().iou(b.box()) <= 0.45,
                            "the model's own NMS: no two boxes of a class overlap beyond 0.45: " + a + " " + b);
                }
            }
        }
        // the reference itself agrees with vision's classic YOLOX path on YOLOX's own (top-left) input
        try (Detector classic = Detector.builder()
                .model("yolox-nano")
                .engine("onnxruntime")
                .device("cpu")
                .store(store)
                .build()) {
            matches(reference("top-left"), detect(classic, "dog.jpg"), "classic");
        }
    }
}
