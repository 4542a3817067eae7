package dev.vision.core.track;

class ByteTrackerChecksTest extends TrackerChecks {

    @Override
    Tracker create(TrackerSettings settings, TrackIds ids) {
        return new ByteTracker(settings, ids);
    }
}
