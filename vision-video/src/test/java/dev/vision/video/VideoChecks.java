package dev.vision.video;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What ffprobe says of a video file, for tests that check a recording plays. */
public final class VideoChecks {

    private VideoChecks() {}

    /** The frames ffprobe decodes from the first video stream; -1 when it cannot read the file. */
    public static long frameCount(Path video) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=nb_read_frames",
                        "-of",
                        "csv=p=0",
                        video.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD) // a cut file draws warnings: the count is on stdout
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || !text.matches("\\d+")) {
            return -1;
        }
        return Long.parseLong(text);
    }
}
