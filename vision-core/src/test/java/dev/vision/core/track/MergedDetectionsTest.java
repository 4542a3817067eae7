package dev.vision.core.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nu.pattern.OpenCV;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Two people cross in front of a lamp post, and for a few frames the detector sees the three as one tall box
 * (what YOLOX does on vtest when two people meet at a pole). The box must go to neither track on motion
 * alone: both coast through the merge, and when the two are seen apart again, direction and appearance give
 * each its own id back. Frames are drawn with OpenCV (people as coloured figures, 25 frames a second); the
 * detections are what a detector that merges gives: each person's box while they stand apart, the union of
 * both people and the post while they overlap it.
 */
class MergedDetectionsTest {

    private static final Scalar RED_COAT = new Scalar(40, 40, 200);
    private static final Scalar GREEN_COAT = new Scalar(40, 180, 40);
    private static final Scalar TROUSERS = new Scalar(60, 40, 30);
    private static final Scalar POST = new Scalar(90, 90, 90);
    private static final Box POST_BOX = new Box(312, 170, 328, 300);

    @BeforeAll
    static void opencv() {
        OpenCV.loadLocally();
    }

    private record Person(Scalar coat, double x0, double pxPerFrame, double feet) {
        Box box(int frame) {
            double x = x0 + pxPerFrame * frame;
            return new Box((float) x - 20, (float) (feet - 100), (float) x + 20, (float) feet);
        }
    }

    private static final List<Person> PEOPLE = List.of(
            new Person(RED_COAT, 120, 4, 300), // walks right
            new Person(GREEN_COAT, 520, -4, 292)); // walks left, a little further away

    /**
     * Frames at which the detector gives one box for the two people and the post: the two meet in front of
     * it at frame 50, and the merge lasts {@code mergeFrames} frames around that.
     */
    private static boolean merged(int frame, int mergeFrames) {
        int first = 50 - mergeFrames / 2;
        return frame >= first && frame < first + mergeFrames;
    }

    /** The ids each person's box was given, in order, without repeats: one entry is one identity kept. */
    private static Map<Integer, List<Long>> run(Tracker tracker, int mergeFrames) {
        Map<Integer, List<Long>> ids = new HashMap<>();
        int mergedSeen = 0;
        for (int f = 0; f < 100; f++) {
            Mat scene = new Mat(480, 640, CvType.CV_8UC3, new Scalar(150, 150, 150));
            try {
                List<Detection> detections = new ArrayList<>();
                // the one further away first, so the nearer one is drawn over them
                for (Person p : List.of(PEOPLE.get(1), PEOPLE.get(0))) {
                    Box b = p.box(f);
                    Imgproc.rectangle(scene, new Point(b.x1(), b.y1()), new Point(b.x2(), b.y1() + 50), p.coat(), -1);
                    Imgproc.rectangle(scene, new Point(b.x1(), b.y1() + 50), new Point(b.x2(), b.y2()), TROUSERS, -1);
                }
                Imgproc.rectangle(
                        scene,
                        new Point(POST_BOX.x1(), POST_BOX.y1()),
                        new Point(POST_BOX.x2(), POST_BOX.y2()),
                        POST,
                        -1);
                if (merged(f, mergeFrames)) {
                    mergedSeen++;
                    Box a = PEOPLE.get(0).box(f);
                    Box b = PEOPLE.get(1).box(f);
                    detections.add(new Detection(
                            "person",
                            0,
                            0.8f,
                            new Box(
                                    Math.min(Math.min(a.x1(), b.x1()), POST_BOX.x1()),
                                    Math.min(Math.min(a.y1(), b.y1()), POST_BOX.y1()),
                                    Math.max(Math.max(a.x2(), b.x2()), POST_BOX.x2()),
                                    Math.max(Math.max(a.y2(), b.y2()), POST_BOX.y2()))));
                } else {
                    for (Person p : PEOPLE) {
                        detections.add(new Detection("person", 0, 0.9f, p.box(f)));
                    }
                }
                for (Detection d : tracker.update(detections, 40L * f, new ColorHistograms(scene, scene.cols()))
                        .tracked()) {
                    // the person the box fits best, at IoU 0.5 at least (CLEAR MOT's matching)
                    int best = -1;
                    for (int i = 0; i < PEOPLE.size(); i++) {
                        double iou = PEOPLE.get(i).box(f).iou(d.box());
                        if (iou >= 0.5
                                && (best < 0 || iou > PEOPLE.get(best).box(f).iou(d.box()))) {
                            best = i;
                        }
                    }
                    if (best >= 0) {
                        List<Long> seen = ids.computeIfAbsent(best, k -> new ArrayList<>());
                        long id = d.trackId().orElseThrow();
                        if (seen.isEmpty() || seen.get(seen.size() - 1) != id) {
                            seen.add(id);
                        }
                    }
                }
            } finally {
                scene.release();
            }
        }
        assertEquals(mergeFrames, mergedSeen, "the detector merged the pair for " + mergeFrames + " frames");
        return ids;
    }

    static Stream<Arguments> trackersAndMergeLengths() {
        return Stream.of(TrackerKind.OCSORT, TrackerKind.BYTETRACK)
                .flatMap(kind -> IntStream.rangeClosed(2, 4).mapToObj(frames -> Arguments.of(kind, frames)));
    }

    /**
     * The cascade trackers (the default OC-SORT and ByteTrack) keep both ids through a merge of 2 to 4 frames.
     * Before merges were told apart, the merged box went to one track and then to the other: 4 to 8 switches
     * here. SORT (max age 1) cannot coast through a gap and is the baseline: it starts a new track.
     */
    @ParameterizedTest(name = "{0}, merged for {1} frames")
    @MethodSource("trackersAndMergeLengths")
    void eachPersonKeepsTheirIdThroughAMergedBox(TrackerKind kind, int mergeFrames) {
        Map<Integer, List<Long>> ids = run(kind.create(TrackerSettings.DEFAULTS, new TrackIds()), mergeFrames);
        assertEquals(1, ids.get(0).size(), "the red coat keeps one id: " + ids);
        assertEquals(1, ids.get(1).size(), "the green coat keeps one id: " + ids);
        assertNotEquals(ids.get(0), ids.get(1), "two people, two ids: " + ids);
    }
}
