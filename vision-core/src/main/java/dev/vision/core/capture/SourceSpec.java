package dev.vision.core.capture;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A source as the user gives it: where to read ({@code location}: a file, folder, camera or URL) and what
 * to call it ({@code name}). {@code door=rtsp://10.0.0.5/live} names a camera "door"; without a name a
 * source is called by its position among the run's sources ("0", "1", …). The name keys what belongs to
 * the source: its MQTT topics, its video's file name, its metrics label, its tile on the live page.
 *
 * @param name     letters, digits, '_', '.' and '-' (at most 64), so that it is safe in topics and file names
 * @param location what {@link Sources#open} reads
 * @param named    whether the user gave the name (otherwise it is the index)
 */
public record SourceSpec(String name, String location, boolean named) {

    private static final Pattern NAMED = Pattern.compile("([\\p{L}\\p{N}_.-]{1,64})=(.+)");
    private static final Pattern NAMED_LINE = Pattern.compile("([\\p{L}\\p{N}_.-]{1,64}):\\s+(.+)");

    /**
     * {@code NAME=LOCATION} or a bare location, named by {@code index}. A file that exists under the whole
     * text (a file called {@code a=b.mp4}) is that file, unnamed.
     */
    public static SourceSpec parse(String text, int index) {
        Matcher m = NAMED.matcher(text);
        if (m.matches() && !Files.exists(Path.of(text.replace('\0', '_')))) {
            return new SourceSpec(m.group(1), m.group(2).strip(), /* named= */ true);
        }
        return new SourceSpec(Integer.toString(index), text, /* named= */ false);
    }

    /**
     * A run's source specs: those given, then the lines of {@code file} (one spec per line, {@code NAME: URL}
     * or {@code NAME=URL} too; blank lines and {@code #} comments skipped).
     *
     * @throws VisionException when there are none, or the file cannot be read
     */
    public static List<String> listed(List<String> given, Optional<Path> file) {
        List<String> all = new ArrayList<>(given);
        if (file.isPresent()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file.get());
            } catch (IOException | UncheckedIOException e) {
                throw new VisionException("--sources " + file.get() + ": cannot read it ("
                        + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()) + ")");
            }
            for (String line : lines) {
                int hash = line.indexOf('#');
                String spec = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!spec.isEmpty()) {
                    all.add(parseLine(spec, all.size()).text());
                }
            }
        }
        if (all.isEmpty()) {
            throw new VisionException(
                    file.isPresent()
                            ? "--sources " + file.get() + ": names no source"
                            : "no SOURCE given (an image, folder, video, camera or stream URL; or --sources FILE)");
        }
        return all;
    }

    /** A line of a sources file: {@code NAME=LOCATION}, {@code NAME: LOCATION}, or a bare location. */
    public static SourceSpec parseLine(String line, int index) {
        Matcher m = NAMED_LINE.matcher(line);
        if (m.matches()) {
            return new SourceSpec(m.group(1), m.group(2).strip(), /* named= */ true);
        }
        return parse(line, index);
    }

    /** What {@code count} unnamed sources are called: "0", "1", … (at least one). */
    public static List<String> positionNames(int count) {
        return IntStream.range(0, Math.max(1, count))
                .mapToObj(Integer::toString)
                .toList();
    }

    /** The same source written back as {@code NAME=LOCATION} (or the bare location when unnamed). */
    public String text() {
        return named ? name + "=" + location : location;
    }

    /**
     * Parses every source, by position.
     *
     * @throws InvalidSettingException when two sources share a name
     */
    public static List<SourceSpec> parseAll(List<String> texts) {
        List<SourceSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            SourceSpec spec = parse(texts.get(i), i);
            if (!seen.add(spec.name())) {
                throw new InvalidSettingException(
                        "source", "two sources are called '" + spec.name() + "': give each its own NAME=");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }
}
