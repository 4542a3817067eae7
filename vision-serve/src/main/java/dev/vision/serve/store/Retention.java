package dev.vision.serve.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Applies the retention of the history: old events and objects go, old clip and recording files go, the files
 * stay under their size budget, and rows and files go together, so that no file is left without its row and no
 * row names a file that is gone. Files are those under the data folder's {@code clips/CAMERA} and
 * {@code recordings/CAMERA}; a hidden file (one being written) is never touched.
 */
public final class Retention {

    /** What one pass removed. */
    public record Removed(int events, int objects, int files, long bytes) {}

    private final EventStore store;
    private final Path data;
    private final Clock clock;
    private final Consumer<String> say;

    public Retention(EventStore store, Path data, Clock clock, Consumer<String> say) {
        this.store = store;
        this.data = data.toAbsolutePath().normalize();
        this.clock = clock;
        this.say = say;
    }

    /**
     * One pass: each camera under its own policy over {@code all}; the data folder's files under {@code all}'s
     * size budget.
     *
     * @param cameras the cameras that have files or rows, with their own policies (those absent follow {@code all})
     */
    public Removed apply(RetainPolicy all, Map<String, RetainPolicy> cameras) throws IOException {
        Instant now = clock.instant();
        int events = 0;
        int objects = 0;
        int files = 0;
        long bytes = 0;
        Set<String> named = new HashSet<>(cameras.keySet());
        named.addAll(store.cameras());
        named.addAll(folders());
        for (String camera : named) {
            RetainPolicy policy =
                    cameras.getOrDefault(camera, RetainPolicy.KEEP_ALL).over(all);
            if (policy.eventsDays().isPresent()) {
                Instant cutoff = now.minus(days(policy.eventsDays().getAsDouble()));
                for (String clip : store.clipsBefore(camera, cutoff)) {
                    bytes += delete(clip);
                    files++;
                }
                EventStore.Deleted deleted = store.deleteBefore(camera, cutoff);
                events += deleted.events();
                objects += deleted.objects();
            }
            if (policy.clipsDays().isPresent()) {
                Instant cutoff = now.minus(days(policy.clipsDays().getAsDouble()));
                for (Path file : files(camera)) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        bytes += delete(file.toString());
                        files++;
                    }
                }
            }
            if (policy.maxGb().isPresent() && cameras.containsKey(camera)) {
                long[] freed = underBudget(files(camera), policy.maxGb().getAsDouble());
                files += (int) freed[0];
                bytes += freed[1];
            }
        }
        if (all.maxGb().isPresent()) {
            List<Path> everything = new ArrayList<>();
            for (String camera : named) {
                everything.addAll(files(camera));
            }
            long[] freed = underBudget(everything, all.maxGb().getAsDouble());
            files += (int) freed[0];
            bytes += freed[1];
        }
        files += orphans();
        store.forgetMissingClips(now);
        Removed removed = new Removed(events, objects, files, bytes);
        if (events + objects + files > 0) {
            say.accept(String.format(
                    "retention: %d event(s), %d object(s) and %d file(s) (%.1f MiB) removed",
                    events, objects, files, bytes / 1048576.0));
        }
        return removed;
    }

    private static Duration days(double days) {
        return Duration.ofMillis(Math.round(days * 86_400_000));
    }

    /** The oldest files go until the rest fit in {@code gb}; returns how many and their bytes. */
    private long[] underBudget(List<Path> candidates, double gb) throws IOException {
        long budget = Math.round(gb * 1024 * 1024 * 1024);
        List<Path> oldestFirst = new ArrayList<>(candidates);
        oldestFirst.sort(Comparator.comparing(Retention::modified));
        long total = 0;
        for (Path p : oldestFirst) {
            total += Files.size(p);
        }
        long count = 0;
        long freed = 0;
        for (Path p : oldestFirst) {
            if (total <= budget) {
                break;
            }
            long size = delete(p.toString());
            total -= size;
            freed += size;
            count++;
        }
        return new long[] {count, freed};
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Clip and snapshot files no row names (a row was deleted by hand, or its write was dropped): removed. */
    private int orphans() throws IOException {
        Set<Path> known = new HashSet<>();
        for (String clip : store.allClips()) {
            known.add(Path.of(clip).toAbsolutePath().normalize());
        }
        int removed = 0;
        for (String kind : List.of("clips", "snapshots")) {
            Path folder = data.resolve(kind);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    if (!hidden(p) && !known.contains(p.toAbsolutePath().normalize())) {
                        Files.deleteIfExists(p);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Deletes a file (and forgets it in every row that names it); returns its size. */
    private long delete(String file) throws IOException {
        Path p = Path.of(file);
        long size = Files.isRegularFile(p) ? Files.size(p) : 0;
        Files.deleteIfExists(p);
        store.forgetClip(file);
        return size;
    }

    /** The camera's finished files: its clips and recordings. */
    private List<Path> files(String camera) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String kind : List.of("clips", "recordings")) {
            Path folder = data.resolve(kind).resolve(camera);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    list.filter(Files::isRegularFile).filter(p -> !hidden(p)).forEach(all::add);
                }
            }
        }
        return all;
    }

    private List<String> folders() throws IOException {
        List<String> names = new ArrayList<>();
        for (String kind : List.of("clips", "recordings")) {
            Path folder = data.resolve(kind);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    list.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .forEach(names::add);
                }
            }
        }
        return names;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
