package dev.vision.serve.events;

import dev.vision.core.run.OutputPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The event outputs an {@link OutputPlan} names, opened: what a command-line run and each camera of {@code vision
 * serve} send their events through.
 */
public final class EventOutputs {

    private EventOutputs() {}

    /**
     * An output for each target.
     *
     * @param streamNames what each stream is called: MQTT topics ({@code PREFIX/NAME/events}) and wills carry it
     * @param report told of delivery trouble, a line each
     */
    public static List<EventOutput> open(
            List<OutputPlan.EventTarget> targets, List<String> streamNames, Consumer<String> report) {
        List<EventOutput> opened = new ArrayList<>();
        for (OutputPlan.EventTarget target : targets) {
            if (target instanceof OutputPlan.EventTarget.Mqtt mqtt) {
                opened.add(new MqttOutput(
                        mqtt.broker(),
                        mqtt.topicPrefix(),
                        mqtt.user().orElse(null),
                        mqtt.password().orElse(null),
                        streamNames,
                        report));
            } else if (target instanceof OutputPlan.EventTarget.Webhook hook) {
                opened.add(new WebhookOutput(hook.url(), report));
            }
        }
        return opened;
    }

    /** How run.json and the summary name each target: {@code mqtt}, {@code webhook} (or {@code webhook 2}, …). */
    public static Map<String, String> described(List<OutputPlan.EventTarget> targets) {
        Map<String, String> described = new LinkedHashMap<>();
        long webhooks = targets.stream()
                .filter(OutputPlan.EventTarget.Webhook.class::isInstance)
                .count();
        int n = 0;
        for (OutputPlan.EventTarget target : targets) {
            n++;
            if (target instanceof OutputPlan.EventTarget.Mqtt mqtt) {
                described.put("mqtt", mqtt.broker() + " (topic " + mqtt.topicPrefix() + ")");
            } else if (target instanceof OutputPlan.EventTarget.Webhook hook) {
                described.put(
                        webhooks == 1 ? "webhook" : "webhook " + n, hook.url().toString());
            }
        }
        return described;
    }
}
