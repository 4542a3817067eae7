package dev.vision.serve;

import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.Stage;
import dev.vision.core.pipeline.StageStats;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.Direction;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackCounts;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's figures as Prometheus metrics, taken fresh from {@link RunStats} on each scrape and written by the
 * Prometheus Java client's text format writer: frame counters, recent FPS, p50/p95, sum and count of every
 * stage, the connected viewers, and for a tracked run the line crossings by line, direction and class and
 * the zone occupancy by zone and class.
 */
public final class RunMetrics {

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private RunMetrics() {}

    public static String contentType() {
        return WRITER.getContentType();
    }

    /**
     * @param lastByStream each stream's latest result (its line counts and zone occupancy)
     * @param names        what each of the run's sources is called, in stream order: the {@code stream} label
     */
    static void write(
            OutputStream out,
            RunStats stats,
            Map<Integer, FrameResult> lastByStream,
            List<String> names,
            int streamViewers,
            int eventViewers)
            throws IOException {
        int streams = names.size();
        List<MetricSnapshot> metrics = new ArrayList<>();
        CounterSnapshot.Builder crossings = crossings();
        GaugeSnapshot.Builder occupancy = occupancy();
        boolean anyLine = false;
        boolean anyZone = false;
        for (Map.Entry<Integer, FrameResult> e : lastByStream.entrySet()) {
            if (e.getValue() instanceof DetectionResult tracked) {
                String stream = names.get(Math.min(e.getKey(), streams - 1));
                anyLine |= lineCounters(tracked.counts(), stream, crossings);
                anyZone |= zoneGauges(tracked.counts(), stream, occupancy);
            }
        }
        if (anyLine) {
            metrics.add(crossings.build());
        }
        if (anyZone) {
            metrics.add(occupancy.build());
        }
        if (stats != null && streams > 1) {
            CounterSnapshot.Builder perStream = CounterSnapshot.builder()
                    .name("vision_stream_frames_processed")
                    .help("Frames through the model and written, by stream.");
            Map<Integer, Long> processed = stats.processedPerStream();
            for (int i = 0; i < streams; i++) {
                perStream.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("stream", names.get(i)))
                        .value(processed.getOrDefault(i, 0L))
                        .build());
            }
            metrics.add(perStream.build());
        }
        if (stats != null) {
            metrics.add(counter("vision_frames_read", "Frames taken from the source.", stats.read()));
            metrics.add(counter("vision_frames_processed", "Frames through the model and written.", stats.processed()));
            metrics.add(counter(
                    "vision_frames_dropped", "Live frames replaced before the model took them.", stats.dropped()));
            metrics.add(
                    counter("vision_frames_skipped", "Inputs that could not be read or processed.", stats.skipped()));
            metrics.add(GaugeSnapshot.builder()
                    .name("vision_fps")
                    .help("Frames processed per second, recent.")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .value(stats.recentFps())
                            .build())
                    .build());
            SummarySnapshot.Builder stages = SummarySnapshot.builder()
                    .name("vision_stage_latency_seconds")
                    .help("Time per frame in each pipeline stage.");
            for (Map.Entry<Stage, StageStats> e : stats.stages().entrySet()) {
                StageStats s = e.getValue();
                stages.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                        .labels(Labels.of("stage", e.getKey().id()))
                        .quantiles(Quantiles.of(
                                new Quantile(0.5, s.percentileMs(50) / 1000),
                                new Quantile(0.95, s.percentileMs(95) / 1000)))
                        .sum(s.sumMs() / 1000)
                        .count(s.count())
                        .build());
            }
            metrics.add(stages.build());
        }
        metrics.add(GaugeSnapshot.builder()
                .name("vision_viewers")
                .help("Connected viewers.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("endpoint", "stream"))
                        .value(streamViewers)
                        .build())
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("endpoint", "events"))
                        .value(eventViewers)
                        .build())
                .build());
        WRITER.write(out, new MetricSnapshots(metrics));
    }

    /** {@code vision_line_crossings_total{stream, line, direction, class}} from a tracked frame's line counts. */
    public static boolean lineCounters(TrackCounts counts, String stream, CounterSnapshot.Builder crossings) {
        counts.lines().forEach((line, tally) -> {
            addCrossings(crossings, stream, line, Direction.IN, tally.in());
            addCrossings(crossings, stream, line, Direction.OUT, tally.out());
        });
        return !counts.lines().isEmpty();
    }

    private static void addCrossings(
            CounterSnapshot.Builder crossings,
            String stream,
            String line,
            Direction direction,
            Map<String, Long> perClass) {
        perClass.forEach((label, n) -> crossings.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("stream", stream, "line", line, "direction", direction.id(), "class", label))
                .value(n)
                .build()));
    }

    /** {@code vision_zone_occupancy{stream, zone, class}}: objects inside each zone now. */
    public static boolean zoneGauges(TrackCounts counts, String stream, GaugeSnapshot.Builder occupancy) {
        counts.zones()
                .forEach((zone, perClass) -> perClass.forEach(
                        (label, n) -> occupancy.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(Labels.of("stream", stream, "zone", zone, "class", label))
                                .value(n)
                                .build())));
        return !counts.zones().isEmpty();
    }

    /** The counter of line crossings, to which {@link #lineCounters} adds each stream's. */
    public static CounterSnapshot.Builder crossings() {
        return CounterSnapshot.builder()
                .name("vision_line_crossings")
                .help("Tracked objects that crossed a line, by stream, direction and class.");
    }

    /** The gauge of zone occupancy, to which {@link #zoneGauges} adds each stream's. */
    public static GaugeSnapshot.Builder occupancy() {
        return GaugeSnapshot.builder()
                .name("vision_zone_occupancy")
                .help("Tracked objects inside a zone now, by stream and class.");
    }

    /** Writes {@code metrics} in the Prometheus text format. */
    public static void write(OutputStream out, List<MetricSnapshot> metrics) throws IOException {
        WRITER.write(out, new MetricSnapshots(metrics));
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .value(value)
                        .build())
                .build();
    }
}
