package dev.vision.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each decoder on hand-made tensors whose right answer is worked out by hand. */
class DecoderTest {

    private static final float EPS = 1e-3f;

    private static InputSpec input(int size) {
        return new InputSpec(
                size, size, InputSpec.Resize.STRETCH, false, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 1, 0);
    }

    private static DetectionFilter conf(float c) {
        return new DetectionFilter(c, 0.45f, ClassSelection.ALL, 300);
    }

    private static void assertBox(Candidates c, int i, float x1, float y1, float x2, float y2, float score, int cls) {
        assertEquals(x1, c.x1(i), EPS, "x1");
        assertEquals(y1, c.y1(i), EPS, "y1");
        assertEquals(x2, c.x2(i), EPS, "x2");
        assertEquals(y2, c.y2(i), EPS, "y2");
        assertEquals(score, c.score(i), EPS, "score");
        assertEquals(cls, c.classId(i), "class");
    }

    @Test
    void yoloxDecodesGridOffsetsAndLogSizesAtTheRightStride() {
        int anchors = 52 * 52 + 26 * 26 + 13 * 13;
        float[] d = new float[2 * anchors * 85];
        int item = anchors * 85;
        // image 1 of the batch; anchor at stride 16, gx=3, gy=5
        int o = item + (2704 + 5 * 26 + 3) * 85;
        d[o] = 0.5f;
        d[o + 1] = 0.25f;
        d[o + 2] = (float) Math.log(4);
        d[o + 3] = (float) Math.log(2);
        d[o + 4] = 0.9f;
        d[o + 5 + 7] = 0.8f;
        d[o + 5 + 2] = 0.3f;
        // a weak anchor at stride 8 that must not pass 0.25
        int weak = item + 10 * 85;
        d[weak + 4] = 0.4f;
        d[weak + 5] = 0.5f;
        OutputTensor t = new OutputTensor(d, new long[] {2, anchors, 85});
        Candidates c = new Candidates();
        new YoloxDecoder().decode(List.of(t), 1, input(416), conf(0.25f), c);
        assertEquals(1, c.size());
        // cx = (0.5+3)*16 = 56, cy = (0.25+5)*16 = 84, w = 4*16 = 64, h = 2*16 = 32
        assertBox(c, 0, 24, 68, 88, 100, 0.72f, 7);

        c.clear();
        new YoloxDecoder().decode(List.of(t), 0, input(416), conf(0.25f), c);
        assertEquals(0, c.size(), "image 0 of the batch is empty");

        BitSet onlyClass2 = new BitSet();
        onlyClass2.set(2);
        c.clear();
        new YoloxDecoder()
                .decode(
                        List.of(t),
                        1,
                        input(416),
                        new DetectionFilter(0.25f, 0.45f, new ClassSelection.Only(onlyClass2), 300),
                        c);
        assertEquals(1, c.size());
        assertBox(c, 0, 24, 68, 88, 100, 0.27f, 2);
    }

    @Test
    void yoloxRefusesAnOutputThatDoesNotFitTheInputSize() {
        OutputTensor t = new OutputTensor(new float[100 * 85], new long[] {1, 100, 85});
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new YoloxDecoder().decode(List.of(t), 0, input(416), conf(0.25f), new Candidates()));
        assertTrue(e.getMessage().contains("3549 anchors"), e.getMessage());
    }

    @Test
    void yolov5MultipliesObjectnessAndClassAndKeepsPixelBoxes() {
        float[] d = new float[3 * 85];
        d[0] = 100;
        d[1] = 50;
        d[2] = 20;
        d[3] = 10;
        d[4] = 0.9f;
        d[5 + 2] = 0.5f;
        d[85 + 4] = 0.1f; // objectness below threshold
        d[85 + 5] = 1f;
        Candidates c = new Candidates();
        new Yolov5Decoder().decode(List.of(new OutputTensor(d, new long[] {1, 3, 85})), 0, input(640), conf(0.25f), c);
        assertEquals(1, c.size());
        assertBox(c, 0, 90, 45, 110, 55, 0.45f, 2);
    }

    @Test
    void yolov8ReadsChannelsFirstAndTransposedLayoutsAlike() {
        int anchors = 100;
        int channels = 84;
        float[] first = new float[channels * anchors];
        float[] last = new float[channels * anchors];
        float[] row = new float[channels];
        row[0] = 200;
        row[1] = 100;
        row[2] = 40;
        row[3] = 20;
        row[4 + 5] = 0.7f;
        row[4 + 6] = 0.2f;
        for (int k = 0; k < channels; k++) {
            first[k * anchors + 7] = row[k];
            last[7 * channels + k] = row[k];
        }
        for (float[] d : List.of(first, last)) {
            long[] shape = d == first ? new long[] {1, channels, anchors} : new long[] {1, anchors, channels};
            Candidates c = new Candidates();
            new Yolov8Decoder().decode(List.of(new OutputTensor(d, shape)), 0, input(640), conf(0.25f), c);
            assertEquals(1, c.size());
            assertBox(c, 0, 180, 90, 220, 110, 0.7f, 5);
        }
    }

    @Test
    void picodetTakesTheExpectedBinDistancesFromTheCellCentre() {
        int[] cells = {2704, 676, 169, 49};
        List<OutputTensor> outputs = new ArrayList<>();
        float[][] scores = new float[4][];
        float[][] dists = new float[4][];
        for (int l = 0; l < 4; l++) {
            scores[l] = new float[cells[l] * 80];
            dists[l] = new float[cells[l] * 32];
        }
        // level stride 32 (13x13), cell gx=2, gy=4
        int cell = 4 * 13 + 2;
        scores[2][cell * 80] = 0.6f;
        int[] bin = {2, 1, 3, 0}; // left, top, right, bottom
        for (int side = 0; side < 4; side++) {
            dists[2][cell * 32 + side * 8 + bin[side]] = 50f; // softmax is one-hot to within e^-50
        }
        for (int l = 0; l < 4; l++) {
            outputs.add(new OutputTensor(scores[l], new long[] {1, cells[l], 80}));
        }
        for (int l = 0; l < 4; l++) {
            outputs.add(new OutputTensor(dists[l], new long[] {1, cells[l], 32}));
        }
        // centre (2*32 + 15.5, 4*32 + 15.5) = (79.5, 143.5); distances 64, 32, 96, 0
        Candidates c = new Candidates();
        new PicodetDecoder().decode(outputs, 0, input(416), conf(0.25f), c);
        assertEquals(1, c.size());
        assertBox(c, 0, 15.5f, 111.5f, 175.5f, 143.5f, 0.6f, 0);

        // the upstream export lists its outputs in another order: the result must not change
        List<OutputTensor> shuffled = new ArrayList<>(outputs);
        Collections.shuffle(shuffled, new Random(3));
        Candidates again = new Candidates();
        new PicodetDecoder().decode(shuffled, 0, input(416), conf(0.25f), again);
        assertEquals(1, again.size());
        assertBox(again, 0, 15.5f, 111.5f, 175.5f, 143.5f, 0.6f, 0);
    }

    @Test
    void picodetSplitsProbabilityBetweenBinsIntoAFractionalDistance() {
        int[] cells = {4, 1}; // a 16x16 input at strides 8 and 16
        float[] s0 = new float[cells[0] * 2];
        float[] d0 = new float[cells[0] * 32];
        s0[0] = 0.9f;
        // left side: logits equal on bins 1 and 2 -> expectation 1.5 -> 12 px at stride 8
        d0[1] = 30;
        d0[2] = 30;
        for (int side = 1; side < 4; side++) {
            d0[side * 8] = 30; // other sides: bin 0 -> 0 px
        }
        List<OutputTensor> outputs = List.of(
                new OutputTensor(s0, new long[] {1, 4, 2}), new OutputTensor(new float[2], new long[] {1, 1, 2}),
                new OutputTensor(d0, new long[] {1, 4, 32}), new OutputTensor(new float[32], new long[] {1, 1, 32}));
        Candidates c = new Candidates();
        new PicodetDecoder().decode(outputs, 0, input(16), conf(0.25f), c);
        assertEquals(1, c.size());
        // the other bins are 30 below: they add e^-30-sized bits
        assertEquals(3.5f - 12f, c.x1(0), EPS);
        assertEquals(3.5f, c.x2(0), EPS);
    }

    @Test
    void endToEndRowsAreTakenAsTheyComeInEitherBoxFormatSkippingPaddingWeakRowsAndOtherClasses() {
        // image 1 of a batch of 2, 4 rows each: two real rows, a weak one, a padding row of zeros
        float[] d = new float[2 * 4 * 6];
        float[][] rows = {
            {10, 20, 110, 220, 0.9f, 16}, {50, 60, 70, 100, 0.6f, 2}, {1, 2, 3, 4, 0.1f, 0}, {0, 0, 0, 0, 0, 0}
        };
        for (int r = 0; r < 4; r++) {
            System.arraycopy(rows[r], 0, d, 24 + r * 6, 6);
        }
        OutputTensor t = new OutputTensor(d, new long[] {2, 4, 6});
        EndToEndDecoder corners = new EndToEndDecoder(EndToEndDecoder.BoxFormat.XYXY);
        assertTrue(corners.suppressesItself(), "no NMS after an end-to-end model");
        assertEquals(0, corners.classes(List.of(t), input(640)), "the class count is not in the shape");
        Candidates c = new Candidates();
        corners.decode(List.of(t), 1, input(640), conf(0.25f), c);
        assertEquals(2, c.size(), "the weak row and the padding row are left out");
        assertBox(c, 0, 10, 20, 110, 220, 0.9f, 16);
        assertBox(c, 1, 50, 60, 70, 100, 0.6f, 2);
        Candidates centred = new Candidates();
        new EndToEndDecoder(EndToEndDecoder.BoxFormat.CXCYWH).decode(List.of(t), 1, input(640), conf(0.25f), centred);
        assertBox(centred, 0, -45, -90, 65, 130, 0.9f, 16); // cx 10, cy 20, w 110, h 220
        BitSet onlyCars = new BitSet();
        onlyCars.set(2);
        Candidates cars = new Candidates();
        corners.decode(
                List.of(t),
                1,
                input(640),
                new DetectionFilter(0.25f, 0.45f, new ClassSelection.Only(onlyCars), 300),
                cars);
        assertEquals(1, cars.size());
        assertEquals(2, cars.classId(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> corners.classes(
                        List.of(new OutputTensor(new float[85 * 3549], new long[] {1, 3549, 85})), input(416)),
                "a YOLOX output is not an end-to-end one");
    }
}
