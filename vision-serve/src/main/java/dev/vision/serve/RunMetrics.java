package dev.vision.serve;

import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.StageStats;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
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
import java.util.TreeMap;

/**
 * A run's figures as Prometheus metrics, taken fresh from {@link RunStats} on each scrape and written by the
 * Prometheus Java client's text format writer: frame counters, recent FPS, p50/p95, sum and count of every
 * stage, the connected viewers, and for a tracked run the line crossings by line, direction and class and
 * the zone occupancy by zone and class.
 */
final class RunMetrics {

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private RunMetrics() {
    }

    static String contentType() {
        return WRITER.getContentType();
    }

    static void write(OutputStream out, RunStats stats, FrameResult last, int streamViewers, int eventViewers)
            throws IOException {
        List<MetricSnapshot> metrics = new ArrayList<>();
        if (last instanceof DetectionResult tracked) {
            lineCounters(tracked.data().get("lines"), metrics);
            zoneGauges(tracked.data().get("zones"), metrics);
        }
        if (stats != null) {
            metrics.add(counter("vision_frames_read", "Frames taken from the source.", stats.read()));
            metrics.add(counter("vision_frames_processed", "Frames through the model and written.", stats.processed()));
            metrics.add(counter("vision_frames_dropped", "Live frames replaced before the model took them.",
                    stats.dropped()));
            metrics.add(counter("vision_frames_skipped", "Inputs that could not be read or processed.",
                    stats.skipped()));
            metrics.add(GaugeSnapshot.builder().name("vision_fps").help("Frames processed per second, recent.")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(stats.recentFps()).build())
                    .build());
            SummarySnapshot.Builder stages = SummarySnapshot.builder().name("vision_stage_latency_seconds")
                    .help("Time per frame in each pipeline stage.");
            for (Map.Entry<String, StageStats> e : new TreeMap<>(stats.stages()).entrySet()) {
                StageStats s = e.getValue();
                stages.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                        .labels(Labels.of("stage", e.getKey()))
                        .quantiles(Quantiles.of(new Quantile(0.5, s.percentileMs(50) / 1000),
                                new Quantile(0.95, s.percentileMs(95) / 1000)))
                        .sum(s.sumMs() / 1000).count(s.count()).build());
            }
            metrics.add(stages.build());
        }
        metrics.add(GaugeSnapshot.builder().name("vision_viewers").help("Connected viewers.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("endpoint", "stream"))
                        .value(streamViewers).build())
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("endpoint", "events"))
                        .value(eventViewers).build())
                .build());
        WRITER.write(out, new MetricSnapshots(metrics));
    }

    /** {@code vision_line_crossings_total{line, direction, class}} from a tracked frame's line counts. */
    private static void lineCounters(Object lines, List<MetricSnapshot> metrics) {
        if (!(lines instanceof Map<?, ?> byLine) || byLine.isEmpty()) {
            return;
        }
        CounterSnapshot.Builder crossings = CounterSnapshot.builder().name("vision_line_crossings")
                .help("Tracked objects that crossed a line, by direction and class.");
        byLine.forEach((line, directions) -> ((Map<?, ?>) directions).forEach((direction, perClass) ->
                ((Map<?, ?>) perClass).forEach((label, n) -> crossings.dataPoint(
                        CounterSnapshot.CounterDataPointSnapshot.builder()
                                .labels(Labels.of("line", line.toString(), "direction", direction.toString(),
                                        "class", label.toString()))
                                .value(((Number) n).doubleValue()).build()))));
        metrics.add(crossings.build());
    }

    /** {@code vision_zone_occupancy{zone, class}}: objects inside each zone now. */
    private static void zoneGauges(Object zones, List<MetricSnapshot> metrics) {
        if (!(zones instanceof Map<?, ?> byZone) || byZone.isEmpty()) {
            return;
        }
        GaugeSnapshot.Builder occupancy = GaugeSnapshot.builder().name("vision_zone_occupancy")
                .help("Tracked objects inside a zone now, by class.");
        byZone.forEach((zone, perClass) -> ((Map<?, ?>) perClass).forEach((label, n) -> occupancy.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("zone", zone.toString(), "class", label.toString()))
                        .value(((Number) n).doubleValue()).build())));
        metrics.add(occupancy.build());
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
