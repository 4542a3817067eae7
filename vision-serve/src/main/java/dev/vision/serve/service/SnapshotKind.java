package dev.vision.serve.service;

/** What a snapshot shows: the camera's frame as it came, or with boxes, trails, lines and zones drawn on it. */
enum SnapshotKind {
    RAW,
    ANNOTATED
}
