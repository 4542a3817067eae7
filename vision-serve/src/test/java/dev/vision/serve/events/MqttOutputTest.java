package dev.vision.serve.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.SourceStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topics, payloads and retained statuses on a real broker (Debian's mosquitto on loopback). */
class MqttOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Mosquitto broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private int startBroker() throws Exception {
        broker = Mosquitto.start();
        return broker.port();
    }

    /** Everything under vision/ as it arrives (retained ones too): topic, payload. */
    private List<String[]> subscribe() throws Exception {
        return broker.subscribe("vision/#");
    }

    private static boolean has(List<String[]> got, String topic, String payload) {
        synchronized (got) {
            return got.stream().anyMatch(m -> m[0].equals(topic) && m[1].equals(payload));
        }
    }

    private static void waitFor(List<String[]> got, String topic, String payload) throws InterruptedException {
        for (int i = 0; i < 100 && !has(got, topic, payload); i++) {
            Thread.sleep(50);
        }
        assertTrue(has(got, topic, payload), topic + " " + payload + " in " + got.size() + " messages");
    }

    @Test
    void eachStreamHasItsOwnTopicsAndStatusFromOnlineToEnded() throws Exception {
        int port = startBroker();
        List<String[]> got = subscribe();
        MqttOutput out = new MqttOutput(
                URI.create("mqtt://127.0.0.1:" + port), "vision", null, null, List.of("door", "yard"), r -> {});
        waitFor(got, "vision/door/status", "online");
        waitFor(got, "vision/yard/status", "online");
        out.send(1, JSON.createObjectNode().put("type", "zone_entered").put("track_id", 7));
        waitFor(got, "vision/yard/events", "{\"type\":\"zone_entered\",\"track_id\":7}");
        out.status(0, SourceStatus.RECONNECTING);
        waitFor(got, "vision/door/status", "reconnecting");
        out.status(0, SourceStatus.LIVE);
        out.status(0, SourceStatus.ENDED);
        out.close(Duration.ofSeconds(5));
        waitFor(got, "vision/door/status", "ended");
        assertEquals(1, out.delivered(), "events counted, statuses not");
        assertTrue(got.stream().noneMatch(m -> m[0].equals("vision/door/events")), "stream 1's event on yard only");
    }

    @Test
    void theLastStatusIsRetainedForWhoeverSubscribesLater() throws Exception {
        int port = startBroker();
        MqttOutput out = new MqttOutput(URI.create("mqtt://127.0.0.1:" + port), "cams", null, null, 1, r -> {});
        out.status(0, SourceStatus.RECONNECTING);
        out.close(Duration.ofSeconds(5));
        List<String[]> got = broker.subscribe("cams/#");
        waitFor(got, "cams/0/status", "reconnecting");
    }
}
