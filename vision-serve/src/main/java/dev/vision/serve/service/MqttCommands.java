package dev.vision.serve.service;

import dev.vision.core.run.OutputPlan;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Takes {@code PREFIX/CAMERA/enabled/set} with {@code ON} or {@code OFF} from the broker and enables or disables
 * that camera, as a PATCH of the API would (written back to the file). Reconnects on its own while the broker is
 * away, and subscribes again each time.
 */
final class MqttCommands implements AutoCloseable {

    /** What an {@code enabled/set} message does. */
    interface Switch {
        void set(String camera, boolean enabled) throws Exception;
    }

    private final MqttClient client;

    private MqttCommands(MqttClient client) {
        this.client = client;
    }

    /** Connects in the background (a broker that is down is retried) and subscribes. */
    static MqttCommands start(OutputPlan.EventTarget.Mqtt mqtt, Switch cameras, Consumer<String> log)
            throws MqttException {
        boolean tls = mqtt.broker().getScheme().equalsIgnoreCase("mqtts");
        int port = mqtt.broker().getPort() > 0 ? mqtt.broker().getPort() : tls ? 8883 : 1883;
        String server = (tls ? "ssl://" : "tcp://") + mqtt.broker().getHost() + ":" + port;
        MqttClient client = new MqttClient(
                server,
                "vision-serve-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()),
                new MemoryPersistence());
        String filter = mqtt.topicPrefix() + "/+/enabled/set";
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                try {
                    client.subscribe(filter, 1);
                } catch (MqttException e) {
                    log.accept("mqtt: cannot subscribe to " + filter + ": " + e.getMessage());
                }
            }

            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String camera =
                        topic.substring(mqtt.topicPrefix().length() + 1, topic.length() - "/enabled/set".length());
                String word = new String(message.getPayload(), StandardCharsets.UTF_8)
                        .strip()
                        .toUpperCase(Locale.ROOT);
                if (!word.equals("ON") && !word.equals("OFF")) {
                    log.accept("mqtt: " + topic + ": '" + word + "' is neither ON nor OFF; ignored");
                    return;
                }
                try {
                    cameras.set(camera, word.equals("ON"));
                    log.accept("mqtt: camera " + camera + " " + (word.equals("ON") ? "enabled" : "disabled"));
                } catch (Exception e) {
                    log.accept("mqtt: " + topic + " " + word + ": refused: " + e.getMessage());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        mqtt.user().ifPresent(options::setUserName);
        mqtt.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        try {
            client.connect(options);
        } catch (MqttException e) {
            log.accept("mqtt: " + server + ": " + e.getMessage() + "; " + filter + " is not heard until it is back");
            startRetrying(client, options);
        }
        return new MqttCommands(client);
    }

    /** Paho reconnects only a client that once connected: until then, try every 5 s on a thread of its own. */
    private static void startRetrying(MqttClient client, MqttConnectOptions options) {
        Thread retry = new Thread(
                () -> {
                    while (!client.isConnected()) {
                        try {
                            Thread.sleep(5000);
                            client.connect(options);
                        } catch (InterruptedException e) {
                            return;
                        } catch (MqttException e) {
                            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CLOSED) {
                                return;
                            }
                        }
                    }
                },
                "vision-mqtt-commands");
        retry.setDaemon(true);
        retry.start();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(/* force= */ true);
        } catch (MqttException e) {
            // closing: nothing left to do
        }
    }
}
