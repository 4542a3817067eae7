package dev.vision.serve.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.capture.SourceStatus;
import java.time.Duration;

/** Where events go (an MQTT broker, a webhook). Never blocks the caller; thread-safe. */
public interface EventOutput extends AutoCloseable {

    /** "mqtt mqtt://host:1883", "webhook https://…": how the summary names it. */
    String name();

    /** Sends one event of stream {@code stream} (the event object with source, stream, frame, timestamp_ms). */
    void send(int stream, ObjectNode event);

    /** Where stream {@code stream} stands. Ignored where there is no state. */
    default void status(int stream, SourceStatus state) {}

    long delivered();

    /** Events that did not arrive: dropped on a full queue, or still undelivered when the run ended. */
    long notDelivered();

    /** Lets pending events go out for up to {@code drain}, then closes. */
    void close(Duration drain);

    @Override
    default void close() {
        close(Duration.ofSeconds(5));
    }
}
