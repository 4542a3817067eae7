package dev.vision.serve.service;

import dev.vision.serve.RunMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The service's cameras as Prometheus metrics, labelled by camera ({@code stream}, as a run's streams are): up,
 * frames, rates, reconnects and stalls (in all and over the last hour), line crossings and zone occupancy.
 */
final class FleetMetrics {

    private FleetMetrics() {}

    static void write(OutputStream out, Map<String, CameraHealth.Snapshot> cameras) throws IOException {
        List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(gauge(
                "vision_camera_up",
                "1 while frames are coming, else 0.",
                cameras,
                s -> s.state() == CameraState.LIVE ? 1 : 0));
        metrics.add(counter(
                "vision_camera_frames",
                "Frames through the model and written.",
                cameras,
                CameraHealth.Snapshot::frames));
        metrics.add(gauge("vision_camera_fps", "Frames per second, recent.", cameras, CameraHealth.Snapshot::fps));
        metrics.add(gauge(
                "vision_camera_model_fps",
                "Frames the model ran on per second, recent.",
                cameras,
                CameraHealth.Snapshot::modelFps));
        metrics.add(counter(
                "vision_camera_reconnects",
                "Times the connection was lost and opened again.",
                cameras,
                CameraHealth.Snapshot::reconnects));
        metrics.add(counter(
                "vision_camera_stalls",
                "Times the watchdog opened it again after no frame came.",
                cameras,
                CameraHealth.Snapshot::stalls));
        metrics.add(gauge(
                "vision_camera_reconnects_last_hour",
                "Reconnects over the last hour.",
                cameras,
                CameraHealth.Snapshot::reconnectsLastHour));
        metrics.add(gauge(
                "vision_camera_stalls_last_hour",
                "Stalls over the last hour.",
                cameras,
                CameraHealth.Snapshot::stallsLastHour));
        CounterSnapshot.Builder crossings = RunMetrics.crossings();
        GaugeSnapshot.Builder occupancy = RunMetrics.occupancy();
        boolean anyLine = false;
        boolean anyZone = false;
        for (Map.Entry<String, CameraHealth.Snapshot> e : cameras.entrySet()) {
            anyLine |= RunMetrics.lineCounters(e.getValue().counts(), e.getKey(), crossings);
            anyZone |= RunMetrics.zoneGauges(e.getValue().counts(), e.getKey(), occupancy);
        }
        if (anyLine) {
            metrics.add(crossings.build());
        }
        if (anyZone) {
            metrics.add(occupancy.build());
        }
        RunMetrics.write(out, metrics);
    }

    private static GaugeSnapshot gauge(
            String name,
            String help,
            Map<String, CameraHealth.Snapshot> cameras,
            ToDoubleFunction<CameraHealth.Snapshot> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        cameras.forEach((camera, s) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("stream", camera))
                .value(value.applyAsDouble(s))
                .build()));
        return gauge.build();
    }

    private static CounterSnapshot counter(
            String name,
            String help,
            Map<String, CameraHealth.Snapshot> cameras,
            ToDoubleFunction<CameraHealth.Snapshot> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        cameras.forEach((camera, s) -> counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("stream", camera))
                .value(value.applyAsDouble(s))
                .build()));
        return counter.build();
    }
}
