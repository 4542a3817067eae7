package dev.vision.serve.store;

import dev.vision.core.result.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The event store's benchmark (BENCHMARKS.md), not a test: {@code history.events} (1,000,000 by default)
 * crossings of 16 cameras with 4 lines each over 30 days, written through the store's writer as fast as it
 * takes them; then 200 queries of one camera's line over one day (the newest 100, as the page asks) and 200
 * hourly counts of a line over a day, each timed. Run by {@code scripts/history_bench.sh}.
 */
class HistoryBench {

    private static final int CAMERAS = 16;
    private static final int LINES = 4;
    private static final Duration SPAN = Duration.ofDays(30);

    @Test
    void writeAMillionEventsThenQueryThem() throws Exception {
        int total = Integer.getInteger("history.events", 1_000_000);
        Path dir = Files.createTempDirectory("vision-history-bench");
        StoreLocation where = StoreLocation.file(dir.resolve("history.db"));
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Random random = new Random(7);
        List<String> out = new ArrayList<>();
        try (EventStore store = EventStore.open(where, out::add)) {
            StoreWriter writer = store.writer();
            long began = System.nanoTime();
            for (int i = 0; i < total; i++) {
                while (writer.figures().queued() > StoreWriter.CAPACITY / 2) {
                    Thread.onSpinWait(); // the benchmark measures what the writer sustains, not its drops
                }
                Instant at = start.plusMillis(SPAN.toMillis() * i / total);
                int camera = random.nextInt(CAMERAS);
                writer.submit(new StoreWriter.EventHappened(
                        Optional.empty(),
                        "cam-" + camera,
                        at,
                        i * 40L,
                        i,
                        HistoryEventType.LINE_CROSSED,
                        OptionalLong.of(i % 5000),
                        Optional.of(random.nextInt(4) == 0 ? "car" : "person"),
                        Optional.of("line-" + random.nextInt(LINES)),
                        Optional.empty(),
                        Optional.of(random.nextBoolean() ? Direction.IN.id() : Direction.OUT.id()),
                        OptionalLong.empty(),
                        Optional.empty(),
                        Optional.empty()));
            }
            while (writer.figures().eventsWritten()
                            + writer.figures().dropped()
                            + writer.figures().failed()
                    < total) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            StoreWriter.Figures f = writer.figures();
            out.add(String.format(
                    Locale.ROOT,
                    "insert: %d events in %.1f s: %.0f events/s through the writer (dropped %d, failed %d); file %d MiB",
                    f.eventsWritten(),
                    seconds,
                    f.eventsWritten() / seconds,
                    f.dropped(),
                    f.failed(),
                    Files.size(dir.resolve("history.db")) / (1024 * 1024)));

            double[] list = new double[200];
            double[] counts = new double[200];
            for (int q = 0; q < 200; q++) {
                Instant day = start.plus(Duration.ofDays(random.nextInt(29)));
                String camera = "cam-" + random.nextInt(CAMERAS);
                String line = "line-" + random.nextInt(LINES);
                long t0 = System.nanoTime();
                List<StoredEvent> page = store.events(EventFilter.newest(100)
                        .camera(camera)
                        .line(line)
                        .from(day)
                        .to(day.plus(Duration.ofDays(1))));
                list[q] = (System.nanoTime() - t0) / 1e6;
                if (page.isEmpty()) {
                    throw new AssertionError("no events for " + camera + " " + line + " on " + day);
                }
                t0 = System.nanoTime();
                store.counts(new CountQuery(
                        Optional.of(camera),
                        new CountQuery.Place.OfLine(line),
                        CountQuery.Bucket.HOUR,
                        Optional.of(day),
                        Optional.of(day.plus(Duration.ofDays(1)))));
                counts[q] = (System.nanoTime() - t0) / 1e6;
            }
            out.add(describe("query camera + line + one day, newest 100", list));
            out.add(describe("hourly counts of a camera's line over one day", counts));
        }
        String text = String.join("\n", out) + "\n";
        System.out.print(text);
        String file = System.getProperty("history.out");
        if (file != null) {
            Files.writeString(Path.of(file), text);
        }
        deleteAll(dir);
    }

    private static String describe(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d queries)",
                what,
                sorted[sorted.length / 2],
                sorted[(int) Math.ceil(sorted.length * 0.95) - 1],
                sorted[sorted.length - 1],
                sorted.length);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
