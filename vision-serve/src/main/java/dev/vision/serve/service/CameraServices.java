package dev.vision.serve.service;

import dev.vision.serve.store.EventStore;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every camera of the service shares: the detectors, where events go, the event store, the data folder (clips and
 * recordings go under it, in a folder named by the camera) and the log.
 */
record CameraServices(ModelPool models, CameraOutputs outputs, EventStore history, Path data, Consumer<String> log) {

    /** {@code data/KIND/CAMERA}: a camera's name is checked (no separator, no leading dot), so it stays inside. */
    Path folder(String kind, String camera) {
        Path folder = data.resolve(kind).resolve(camera).normalize();
        if (!folder.startsWith(data)) {
            throw new IllegalArgumentException("camera name '" + camera + "' leaves the data folder");
        }
        return folder;
    }
}
