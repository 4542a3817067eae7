package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.Frame;
import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;

/** Images decoded in parallel come out as one decoder gives them: same order, same pixels, same skips. */
class DecoderPoolTest {

    private record Seen(List<String> events, List<double[]> sums) {}

    private static Seen read(List<Path> files, int threads) {
        List<String> events = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        try (ImageFilesSource source = new ImageFilesSource(files, 0, threads)) {
            source.onSkip((input, reason) -> events.add("skip " + Path.of(input).getFileName()));
            for (Optional<Frame> f; (f = source.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    events.add("frame " + Path.of(frame.meta().source()).getFileName());
                    sums.add(Core.sumElems(frame.image()).val);
                }
            }
        }
        return new Seen(events, sums);
    }

    @Test
    void aPoolOfThreeGivesWhatOneDecoderGivesInOrderWithBadFilesSkippedInPlace(@TempDir Path dir) throws Exception {
        BadImages.writeAll(dir, TestData.media("images/dog.jpg"));
        for (Path good : Sources.imageFiles(TestData.media("images").toString())) {
            Files.copy(good, dir.resolve(good.getFileName()));
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.sorted().toList();
        }
        Seen one = read(files, 1);
        Seen pooled = read(files, 3);
        assertEquals(one.events(), pooled.events());
        assertEquals(one.sums().size(), pooled.sums().size());
        for (int i = 0; i < one.sums().size(); i++) {
            assertArrayEquals(one.sums().get(i), pooled.sums().get(i), "image " + i + ": the same pixels");
        }
        assertEquals(true, one.events().stream().anyMatch(e -> e.startsWith("skip ")), "bad files were in the folder");
    }

    @Test
    void closingEarlyFreesTheImagesDecodedAhead() throws Exception {
        List<Path> files = Sources.imageFiles(TestData.media("images").toString());
        assertTrue(files.size() >= 5, "enough images to decode ahead: " + files.size());
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ImageFilesSource source = new ImageFilesSource(files, 0, 2);
        source.next().orElseThrow().close(); // of the window of 4 (2 per thread), 3 more are decoded ahead
        source.close();
        assertEquals(3, source.discardedAhead(), "the images decoded ahead and never taken are freed");
        source.close(); // twice is safe
        assertEquals(3, source.discardedAhead(), "and freed once");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("vision-decode") && !before.contains(t)) {
                t.join(10_000); // shut down with the source: each ends once its last job is done
                assertFalse(t.isAlive(), "a decoder thread outlives its source");
            }
        }
    }
}
