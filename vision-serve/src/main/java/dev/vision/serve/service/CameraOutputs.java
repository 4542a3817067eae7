package dev.vision.serve.service;

import dev.vision.serve.events.EventOutput;
import dev.vision.serve.events.MqttOutput;
import dev.vision.serve.events.WebhookOutput;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a camera's events go, from the file's {@code outputs:}: each camera gets its own MQTT connection, whose
 * last will marks it offline (MQTT has one will per connection), and its own webhook queues, so that a slow
 * receiver of one camera's events never holds another's back.
 */
record CameraOutputs(ServiceConfig.Outputs outputs) {

    /** New outputs for camera {@code name}; {@code report} hears of delivery trouble. */
    List<EventOutput> open(String name, Consumer<String> report) {
        List<EventOutput> opened = new ArrayList<>();
        outputs.mqtt()
                .ifPresent(m -> opened.add(new MqttOutput(
                        m.broker(),
                        m.topic(),
                        m.user().orElse(null),
                        m.password().orElse(null),
                        List.of(name),
                        report)));
        for (URI hook : outputs.webhooks()) {
            opened.add(new WebhookOutput(hook, report));
        }
        return opened;
    }
}
