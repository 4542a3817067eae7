package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Privacy masks and object blur on vtest, checked in the MP4 that comes out as a person would: the masked
 * half is one flat colour in every frame, nothing is found there, the rest of the picture is as without the
 * mask; a blurred person keeps no detail, and the counts do not change.
 */
class PrivacyCommandTest {

    private static final String MASK = "left=0,0,384,0,384,576,0,576";
    /** x of the mask's right edge. */
    private static final int EDGE = 384;
    /** Pixels this close to the edge are not compared: the encoder's blocks blend across it. */
    private static final int MARGIN = 8;

    @BeforeAll
    static void opencv() {
        OpenCvRuntime.load();
    }

    private static String clip() {
        return TestData.media("clips/vtest_first20s.mp4").toString();
    }

    private static InJvm.Result vision(String... args) {
        InJvm.Result r = InJvm.vision(args);
        assertEquals(0, r.exitCode(), r.stderr());
        return r;
    }

    /** Reads every frame of {@code video}, in order, with FFmpeg. */
    private static int eachFrame(Path video, BiConsumer<Integer, Mat> look) throws Exception {
        int n = 0;
        try (FrameSource frames = Sources.open(video.toString())) {
            for (Optional<Frame> f = frames.next(); f.isPresent(); f = frames.next()) {
                try (Frame frame = f.get()) {
                    look.accept(n++, frame.image());
                }
            }
        }
        return n;
    }

    private static List<Mat> frames(Path video) throws Exception {
        List<Mat> all = new ArrayList<>();
        eachFrame(video, (i, m) -> all.add(m.clone()));
        return all;
    }

    @Test
    void aPrivacyMaskIsFlatInEveryFrameFindsNothingAndLeavesTheRestAsItWas(@TempDir Path work) throws Exception {
        Path masked = work.resolve("masked");
        vision(
                "detect",
                clip(),
                "--privacy-mask",
                MASK,
                "--out",
                masked.toString(),
                "--json",
                work.resolve("masked.jsonl").toString(),
                "--engine",
                "onnxruntime");
        int[] worstSpread = {0};
        int frames = eachFrame(
                masked.resolve("vtest_first20s.mp4"),
                (i, m) -> worstSpread[0] = Math.max(worstSpread[0], spread(m, EDGE - MARGIN)));
        assertEquals(200, frames, "every frame is in the video");
        assertTrue(worstSpread[0] <= 2, "the masked area is one flat colour in every frame: spread " + worstSpread[0]);

        int found = 0;
        for (JsonNode line : VideoCommandTest.jsonLines(work.resolve("masked.jsonl"))) {
            for (JsonNode d : line.get("detections")) {
                double cx =
                        (d.get("box").get(0).asDouble() + d.get("box").get(2).asDouble()) / 2;
                assertTrue(cx >= EDGE, "no detection is centred under the mask: " + d);
                found++;
            }
        }
        assertTrue(found > 600, "the people on the right are still found: " + found);

        // outside the mask, the same picture as a run without it; at --conf 0.99 nothing is drawn over it
        Path plainNoBoxes = work.resolve("plain-empty");
        Path maskedNoBoxes = work.resolve("masked-empty");
        vision("detect", clip(), "--conf", "0.99", "--out", plainNoBoxes.toString(), "--engine", "onnxruntime");
        vision(
                "detect",
                clip(),
                "--conf",
                "0.99",
                "--privacy-mask",
                MASK,
                "--out",
                maskedNoBoxes.toString(),
                "--engine",
                "onnxruntime");
        List<Mat> plain = frames(plainNoBoxes.resolve("vtest_first20s.mp4"));
        List<Mat> hidden = frames(maskedNoBoxes.resolve("vtest_first20s.mp4"));
        assertEquals(plain.size(), hidden.size());
        double squared = 0;
        long pixels = 0;
        double worstFrame = Double.MAX_VALUE;
        for (int i = 0; i < plain.size(); i++) {
            Rect right = new Rect(
                    EDGE + MARGIN,
                    0,
                    plain.get(i).cols() - EDGE - MARGIN,
                    plain.get(i).rows());
            Mat a = plain.get(i).submat(right);
            Mat b = hidden.get(i).submat(right);
            Mat diff = new Mat();
            a.convertTo(diff, CvType.CV_32FC3);
            Mat other = new Mat();
            b.convertTo(other, CvType.CV_32FC3);
            Core.subtract(diff, other, diff);
            double sse = Core.sumElems(diff.mul(diff)).val[0]
                    + Core.sumElems(diff.mul(diff)).val[1]
                    + Core.sumElems(diff.mul(diff)).val[2];
            long n = diff.total() * 3;
            squared += sse;
            pixels += n;
            worstFrame = Math.min(worstFrame, psnr(sse / n));
            diff.release();
            other.release();
        }
        double psnr = psnr(squared / pixels);
        assertTrue(
                psnr > 40,
                String.format(
                        Locale.ROOT,
                        "outside the mask as without it: %.1f dB (worst frame %.1f dB)",
                        psnr,
                        worstFrame));
        // each run is compressed on its own, so a frame differs by what the encoder chose, not by the mask
        assertTrue(worstFrame > 37, String.format(Locale.ROOT, "worst frame %.1f dB", worstFrame));
    }

    @Test
    void everyPictureARunKeepsIsMaskedClipsHistoryPicturesAndImages(@TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        vision(
                "track",
                clip(),
                "--classes",
                "person",
                "--line",
                "door=0,300,768,300",
                "--privacy-mask",
                MASK,
                "--clip-on",
                "line_crossed",
                "--clip-pre",
                "1",
                "--clip-post",
                "1",
                "--db",
                work.resolve("history.db").toString(),
                "--out",
                out.toString(),
                "-q");
        List<Path> pictures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            files.filter(f -> f.toString().endsWith(".mp4")
                            || (f.toString().endsWith(".jpg") && !f.toString().endsWith("-crop.jpg")))
                    .forEach(pictures::add);
        }
        assertTrue(
                pictures.stream()
                                .filter(f -> f.startsWith(out.resolve("clips")))
                                .count()
                        >= 3,
                "clips: " + pictures);
        assertTrue(pictures.stream().filter(f -> f.toString().endsWith(".jpg")).count() >= 5, "pictures: " + pictures);
        for (Path picture : pictures) {
            int[] worst = {0};
            int frames = eachFrame(picture, (i, m) -> worst[0] = Math.max(worst[0], spread(m, EDGE - 2 * MARGIN)));
            assertTrue(frames > 0, picture + " has frames");
            assertTrue(worst[0] <= 8, picture + ": flat under the mask, spread " + worst[0]);
        }

        // a folder of photos: each annotated image black in its top-left 100 x 100
        Path images = work.resolve("images");
        vision(
                "detect",
                TestData.media("images").toString(),
                "--privacy-mask",
                "corner=0,0,100,0,100,100,0,100",
                "--out",
                images.toString(),
                "-q");
        List<Path> written;
        try (Stream<Path> files = Files.list(images)) {
            written = files.filter(f -> f.toString().matches(".*\\.(jpg|png)$")).toList();
        }
        assertTrue(written.size() >= 3, "annotated images: " + written);
        for (Path image : written) {
            Mat m = Imgcodecs.imread(image.toString());
            Mat corner = m.submat(new Rect(0, 0, 100 - MARGIN, 100 - MARGIN));
            assertEquals(0, Core.norm(corner, Core.NORM_INF), 2, image + ": black in the masked corner");
            corner.release();
            m.release();
        }
    }

    /** Brightest minus darkest grey level in the {@code width} leftmost columns. */
    private static int spread(Mat bgr, int width) {
        Mat part = bgr.submat(new Rect(0, 0, width, bgr.rows()));
        Mat grey = new Mat();
        try {
            Imgproc.cvtColor(part, grey, Imgproc.COLOR_BGR2GRAY);
            Core.MinMaxLocResult range = Core.minMaxLoc(grey);
            return (int) (range.maxVal - range.minVal);
        } finally {
            grey.release();
            part.release();
        }
    }

    private static double psnr(double mse) {
        return mse == 0 ? 99 : 10 * Math.log10(255 * 255 / mse);
    }

    @Test
    void blurredPeopleKeepNoDetailAndTheCountsStayTheSame(@TempDir Path work) throws Exception {
        String line = "door=0,300,768,300";
        vision(
                "track",
                clip(),
                "--classes",
                "person",
                "--line",
                line,
                "--blur",
                "person",
                "--out",
                work.resolve("tracked-blurred").toString(),
                "--json",
                work.resolve("tracked-blurred.jsonl").toString(),
                "--summary");
        vision(
                "track",
                clip(),
                "--classes",
                "person",
                "--line",
                line,
                "--out",
                work.resolve("tracked").toString(),
                "--json",
                work.resolve("tracked.jsonl").toString(),
                "--summary");
        JsonNode blurredCounts =
                summary(work.resolve("tracked-blurred.jsonl")).get("tracking").get("lines");
        JsonNode sharpCounts =
                summary(work.resolve("tracked.jsonl")).get("tracking").get("lines");
        assertEquals(sharpCounts, blurredCounts, "the line counts do not change");
        assertTrue(sharpCounts.get("door").toString().contains("person"), "people cross the door: " + sharpCounts);

        // detail is measured where nothing but boxes and labels is drawn (no trails, no line across people)
        Path blurred = work.resolve("blurred");
        Path sharp = work.resolve("sharp");
        vision(
                "detect",
                clip(),
                "--classes",
                "person",
                "--blur",
                "person",
                "--out",
                blurred.toString(),
                "--json",
                work.resolve("blurred.jsonl").toString());
        vision(
                "detect",
                clip(),
                "--classes",
                "person",
                "--out",
                sharp.toString(),
                "--json",
                work.resolve("sharp.jsonl").toString());
        List<JsonNode> sharpLines = VideoCommandTest.jsonLines(work.resolve("sharp.jsonl"));
        List<JsonNode> blurredLines = VideoCommandTest.jsonLines(work.resolve("blurred.jsonl"));
        for (int i = 0; i < sharpLines.size(); i++) {
            assertEquals(
                    sharpLines.get(i).get("detections"),
                    blurredLines.get(i).get("detections"),
                    "frame " + i + ": the same people in the same places");
        }
        List<Mat> sharpFrames = frames(sharp.resolve("vtest_first20s.mp4"));
        List<Mat> blurredFrames = frames(blurred.resolve("vtest_first20s.mp4"));
        double blurredEnergy = 0;
        double sharpEnergy = 0;
        int boxes = 0;
        for (int i = 0; i < sharpFrames.size(); i++) {
            for (JsonNode d : sharpLines.get(i).get("detections")) {
                JsonNode box = d.get("box");
                int x1 = (int) box.get(0).asDouble() + 3; // inside the drawn outline
                int y1 = (int) box.get(1).asDouble() + 3;
                int x2 = (int) box.get(2).asDouble() - 3;
                int y2 = (int) box.get(3).asDouble() - 3;
                if (x2 - x1 < 10 || y2 - y1 < 30) {
                    continue;
                }
                Rect inside = new Rect(x1, y1, x2 - x1, y2 - y1);
                Mat b = blurredFrames.get(i).submat(inside);
                if (drawnOn(b)) {
                    continue; // another person's label lies over it: sharp in both runs
                }
                blurredEnergy += detail(b);
                sharpEnergy += detail(sharpFrames.get(i).submat(inside));
                boxes++;
            }
        }
        assertTrue(boxes > 100, "enough people measured: " + boxes);
        double share = blurredEnergy / sharpEnergy;
        System.out.printf(Locale.ROOT, "blur: %d boxes, detail left %.1f %%%n", boxes, 100 * share);
        assertTrue(share < 0.10, String.format(Locale.ROOT, "detail left in blurred people: %.1f %%", 100 * share));
    }

    private static JsonNode summary(Path jsonLines) throws Exception {
        List<JsonNode> lines = VideoCommandTest.jsonLines(jsonLines);
        return lines.get(lines.size() - 1).get("summary");
    }

    /** Energy of the Laplacian of the grey image: what fine detail (edges, texture, a face) there is. */
    private static double detail(Mat bgr) {
        Mat grey = new Mat();
        Mat lap = new Mat();
        try {
            Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
            Imgproc.Laplacian(grey, lap, CvType.CV_64F);
            return Core.sumElems(lap.mul(lap)).val[0];
        } finally {
            grey.release();
            lap.release();
        }
    }

    /**
     * Whether a label is drawn over a blurred box: it has pixels of a saturated colour (labels are drawn on
     * vivid backgrounds; a blurred person keeps only dull colours).
     */
    private static boolean drawnOn(Mat bgr) {
        Mat hsv = new Mat();
        Mat vivid = new Mat();
        try {
            Imgproc.cvtColor(bgr, hsv, Imgproc.COLOR_BGR2HSV);
            Core.inRange(hsv, new Scalar(0, 150, 120), new Scalar(180, 255, 255), vivid);
            return Core.countNonZero(vivid) > 0.002 * bgr.total();
        } finally {
            hsv.release();
            vivid.release();
        }
    }
}
