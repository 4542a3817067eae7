package dev.vision.core.privacy;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.Polygon;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.List;

/**
 * Drops, before tracking, the detections that a mask says are not there: those whose centre lies under a
 * privacy mask (a box the model made of a blacked-out area, or of the edge of one), and those whose anchor
 * lies in an ignore mask (a poster of a person, a parked car).
 */
public final class MaskedDetections implements ResultStage {

    private final FrameMasks masks;
    private final Anchor anchor;
    private List<Mask> seen = List.of();
    private List<Polygon> privacy = List.of();
    private List<Polygon> ignored = List.of();

    /** @param anchor the point of a box that an ignore mask tests (the tracker's anchor) */
    public MaskedDetections(FrameMasks masks, Anchor anchor) {
        this.masks = masks;
        this.anchor = anchor;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        if (!(result instanceof DetectionResult detections)) {
            return result;
        }
        List<Mask> now = masks.all();
        if (now != seen) { // replaced while running: the polygons are made once per set
            seen = now;
            privacy = polygons(now, MaskKind.PRIVACY);
            ignored = polygons(now, MaskKind.IGNORE);
        }
        if (privacy.isEmpty() && ignored.isEmpty()) {
            return result;
        }
        List<Detection> kept = detections.detections().stream()
                .filter(d -> !inAny(privacy, Anchor.CENTER, d) && !inAny(ignored, anchor, d))
                .toList();
        return kept.size() == detections.detections().size() ? result : detections.withDetections(kept);
    }

    private static boolean inAny(List<Polygon> polygons, Anchor point, Detection d) {
        for (Polygon p : polygons) {
            if (p.contains(point.of(d.box()))) {
                return true;
            }
        }
        return false;
    }

    private static List<Polygon> polygons(List<Mask> masks, MaskKind kind) {
        return masks.stream().filter(m -> m.kind() == kind).map(Mask::polygon).toList();
    }
}
