package dev.vision.core.clip;

import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result stage that decides which events get a clip: each event that matches a trigger gets
 * the path of its clip ({@link TrackEvent#withClip}), so the JSON lines, MQTT and webhooks announce it; a clip
 * recorder among the sinks writes that file. A clip is named by its source's stream and name, the event's
 * time in the source, the event and its object: {@code 1-gate-cam_t000012.300s_line_crossed_gate_person_7.mp4}.
 * Runs after the tracking stage.
 */
public final class ClipMarker implements ResultStage {

    private final List<ClipTrigger> triggers;
    private final Path folder;
    private final List<String> sourceNames;

    /**
     * @param folder      where the clips go
     * @param sourceNames a short name per stream (a file's name without extension, a camera's spec)
     */
    public ClipMarker(List<ClipTrigger> triggers, Path folder, List<String> sourceNames) {
        this.triggers = List.copyOf(triggers);
        this.folder = folder;
        this.sourceNames = List.copyOf(sourceNames);
    }

    @Override
    public FrameResult apply(FrameResult result) {
        if (!(result instanceof DetectionResult frame) || frame.events().isEmpty()) {
            return result;
        }
        List<TrackEvent> marked = new ArrayList<>(frame.events().size());
        boolean any = false;
        for (TrackEvent e : frame.events()) {
            if (triggers.stream().anyMatch(t -> t.matches(e))) {
                marked.add(e.withClip(folder.resolve(name(frame, e)).toString()));
                any = true;
            } else {
                marked.add(e);
            }
        }
        return any ? frame.withEventsReplaced(marked) : result;
    }

    private String name(DetectionResult frame, TrackEvent e) {
        int stream = frame.meta().stream();
        String source = stream < sourceNames.size() ? sourceNames.get(stream) : "source";
        String name = String.format(
                Locale.ROOT,
                "%d-%s_t%010.3fs_%s%s_%s_%d.mp4",
                stream,
                source,
                frame.meta().timestampMs() / 1000.0,
                e.type().id(),
                e.place().map(place -> "_" + place).orElse(""),
                e.label(),
                e.trackId());
        return safe(name);
    }

    /** Keeps a file name portable: letters, digits and {@code . _ -}; at most 200 characters. */
    static String safe(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.length() <= 200 ? clean : clean.substring(0, 196) + ".mp4";
    }
}
