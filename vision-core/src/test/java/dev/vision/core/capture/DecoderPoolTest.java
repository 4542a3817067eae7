package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vision.core.frame.Frame;
import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        ImageFilesSource source = new ImageFilesSource(files, 0, 2);
        source.next().orElseThrow().close(); // four more are being decoded ahead
        source.close();
        source.close(); // twice is safe
    }
}
