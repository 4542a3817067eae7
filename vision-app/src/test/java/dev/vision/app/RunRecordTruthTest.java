package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.sink.SinkSet;
import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record names only what exists; our own leftovers are no reason to refuse a folder (issue 16, item 8). */
class RunRecordTruthTest {

    static {
        OpenCvRuntime.load();
    }

    @Test
    void aVideoThatNeverGotAFrameIsNotNamedAmongTheOutputs(@TempDir Path work) throws Exception {
        RunOptions options = new RunOptions();
        options.out = work.resolve("out");
        options.videoPreset = "superfast";
        options.vidStride = 1;
        options.json = work.resolve("lines.jsonl").toString();
        RunOutputs outputs;
        options.readTimeoutMs = 5000;
        try (SinkSet sinks = new SinkSet();
                RunSources sources = RunSources.plan(
                        List.of(TestData.media("clips/vtest_first20s.mp4").toString()), options)) {
            sources.open(options, 0);
            outputs = RunOutputs.open(options, new DetectCommand().task(), sources, sinks, Console.forStderr(true));
            assertTrue(outputs.described().containsKey("video"), "planned");
        } // stopped before the first frame: the sinks close with nothing written
        Map<String, String> existing = outputs.existing();
        assertFalse(existing.containsKey("video"), "no video was written: " + existing);
        assertTrue(existing.containsKey("json"), "the (empty) JSON lines file exists");
    }

    @Test
    void aStaleTemporaryFileOfOursDoesNotMakeAFolderNonEmpty(@TempDir Path work) throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Files.writeString(out.resolve(".clip.mp4.part.mp4"), "left by a killed run");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/dog.jpg").toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        Files.writeString(out.resolve("someone-elses.txt"), "not ours");
        Path again = Files.createDirectories(work.resolve("again"));
        Files.writeString(again.resolve("someone-elses.txt"), "not ours");
        VisionProcess.Result refused = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/dog.jpg").toString(), "--out", again.toString(), "-q");
        assertEquals(2, refused.exitCode(), "a folder holding other files still needs --force");
    }
}
