package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.List;

/**
 * Boxes in which a detector merged several objects: two people meeting in front of a post come out as one tall
 * box for a few frames. Given to either track, such a box swaps identities (it goes to one, then to the other)
 * and drags the track that takes it off its path. A box is a merge when it covers the predicted boxes of two
 * or more followed objects of its class, is much taller or wider than each of them has recently been, and
 * fits none of them as a view of that object alone.
 */
final class MergedBoxes {

    /** How much of a track's predicted box the detection must cover to hold that object. */
    private static final double MIN_COVER = 0.5;
    /** Growth over a track's last observed size that no single view of it shows from one frame to the next. */
    private static final double TALLER = 1.25;

    private static final double WIDER = 1.5;
    /** A track the box fits as itself: this IoU with its prediction, and a size within the growth limits. */
    private static final double FITS_MIN_IOU = 0.3;

    private MergedBoxes() {}

    /** Whether {@code detection} holds two or more of the confirmed tracks seen within {@code bufferMs}. */
    static boolean holdsSeveral(Detection detection, List<Track> tracks, long nowMs, long bufferMs) {
        Box box = detection.box();
        int held = 0;
        for (Track track : tracks) {
            if (!(track.state == Track.State.TRACKED
                            || (track.state == Track.State.LOST && nowMs - track.seenMs <= bufferMs))
                    || track.last.classId() != detection.classId()) {
                continue;
            }
            Box predicted = track.predicted();
            Box usual = track.lastObserved();
            boolean grown = box.height() > TALLER * usual.height() || box.width() > WIDER * usual.width();
            if (!grown && predicted.iou(box) >= FITS_MIN_IOU) {
                return false; // a view of this one object
            }
            if (grown && covered(predicted, box) >= MIN_COVER) {
                held++;
            }
        }
        return held >= 2;
    }

    /** The share of {@code inner}'s area that {@code outer} covers. */
    private static double covered(Box inner, Box outer) {
        double w = Math.min(inner.x2(), outer.x2()) - Math.max(inner.x1(), outer.x1());
        double h = Math.min(inner.y2(), outer.y2()) - Math.max(inner.y1(), outer.y1());
        return w <= 0 || h <= 0 ? 0 : w * h / Math.max(1e-6, inner.width() * inner.height());
    }
}
