package dev.vision.core.track;

class OcSortTrackerChecksTest extends TrackerChecks {

    @Override
    Tracker create(TrackerSettings settings, TrackIds ids) {
        return new OcSortTracker(settings, ids);
    }
}
