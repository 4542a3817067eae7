package dev.vision.core.track;

class SortTrackerChecksTest extends TrackerChecks {

    @Override
    Tracker create(TrackerSettings settings, TrackIds ids) {
        return new SortTracker(settings, ids, 1, 3);
    }
}
