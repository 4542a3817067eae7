package dev.vision.serve.service;

import dev.vision.serve.events.EventOutput;
import dev.vision.serve.events.EventOutputs;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a camera's events go, from the file's {@code outputs:}, opened as a command-line run opens its plan's:
 * each camera gets its own MQTT connection, whose last will marks it offline (MQTT has one will per
 * connection), and its own webhook queues, so that a slow receiver of one camera's events never holds another's
 * back.
 */
record CameraOutputs(ServiceConfig.Outputs outputs) {

    /** New outputs for camera {@code name}; {@code report} hears of delivery trouble. */
    List<EventOutput> open(String name, Consumer<String> report) {
        return EventOutputs.open(outputs.targets(), List.of(name), report);
    }
}
