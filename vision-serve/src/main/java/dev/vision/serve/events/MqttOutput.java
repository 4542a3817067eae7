package dev.vision.serve.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.VisionException;
import dev.vision.core.capture.SourceSpec;
import dev.vision.core.capture.SourceStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Events to an MQTT broker through Eclipse Paho: each event as JSON on {@code PREFIX/<stream>/events}
 * (QoS 1), and a retained {@code PREFIX/<stream>/status} ("online", "reconnecting", "ended"; the broker
 * publishes "offline" as the last will if the process dies). User and password come from the caller
 * (VISION_MQTT_USER / VISION_MQTT_PASSWORD on the command line). Connection and sending happen on the
 * delivery thread: a broker that is down delays nothing else.
 */
public final class MqttOutput extends QueuedOutput<MqttOutput.Message> {

    /** @param retained status messages are retained and not counted as events */
    /** A message to publish: its topic, its bytes and whether the broker keeps it for new subscribers. */
    static final class Message {
        private final String topic;
        private final byte[] payload;
        private final boolean retained;

        Message(String topic, byte[] payload, boolean retained) {
            this.topic = topic;
            this.payload = payload;
            this.retained = retained;
        }

        String topic() {
            return topic;
        }

        byte[] payload() {
            return payload;
        }

        boolean retained() {
            return retained;
        }
    }

    private final URI uri;
    private final String prefix;
    private final String user;
    private final char[] password;
    private final int streams;
    /** Each stream's name, which its topics carry: PREFIX/NAME/events, PREFIX/NAME/status. */
    private final List<String> names;

    private MqttClient client; // the delivery thread's own
    /** Each stream's status as last said; published again, retained, on every (re)connection. */
    private final AtomicReferenceArray<String> statuses;
    /** One more connection per further stream, only to hold that stream's last will (MQTT has one per connection). */
    private final List<MqttClient> willHolders = new ArrayList<>();

    /**
     * @param uri    {@code mqtt://host:port} or {@code mqtts://host:port}
     * @param prefix topic prefix ({@code vision})
     */
    public MqttOutput(URI uri, String prefix, String user, String password, Consumer<String> report) {
        this(uri, prefix, user, password, 1, report);
    }

    /** @param streams how many sources the run has, called by their positions ("0", "1", …) */
    public MqttOutput(URI uri, String prefix, String user, String password, int streams, Consumer<String> report) {
        this(uri, prefix, user, password, SourceSpec.positionNames(streams), report);
    }

    /**
     * @param streamNames what each of the run's sources is called, in stream order: each gets its topics
     *                    (PREFIX/NAME/events, PREFIX/NAME/status) and its last will
     */
    public MqttOutput(
            URI uri, String prefix, String user, String password, List<String> streamNames, Consumer<String> report) {
        int streams = streamNames.size();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("mqtt") && !scheme.equals("mqtts")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "not an MQTT broker URL (mqtt://HOST:PORT or mqtts://HOST:PORT): " + uri);
        }
        this.uri = uri;
        this.prefix = prefix;
        this.user = user;
        this.password = password == null ? null : password.toCharArray();
        this.streams = Math.max(1, streams);
        this.names = List.copyOf(streamNames);
        this.statuses = new AtomicReferenceArray<>(this.streams);
        for (int stream = 0; stream < this.streams; stream++) {
            statuses.set(stream, payload(SourceStatus.LIVE));
        }
        deliverThrough(new DeliveryQueue<>(name(), 1000, this::publish, report, m -> !m.retained()));
        for (int stream = 0; stream < this.streams; stream++) {
            enqueue(new Message(
                    statusTopic(stream),
                    payload(SourceStatus.LIVE).getBytes(StandardCharsets.UTF_8),
                    /* retained= */ true));
        }
    }

    private String statusTopic(int stream) {
        return prefix + "/" + names.get(stream) + "/status";
    }

    /** Publishes one message; a broker that cannot be reached or fails the publish is an IOException. */
    private void publish(Message m) throws IOException, DeliveryQueue.Refused {
        try {
            if (client == null || !client.isConnected()) {
                connect();
            }
            client.publish(m.topic(), m.payload(), 1, m.retained());
        } catch (MqttException e) {
            disconnectQuietly();
            if (refusal(e)) {
                throw new DeliveryQueue.Refused(refusalText(e), e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether the broker refused the credentials or the right to connect: retrying changes nothing. */
    private static boolean refusal(MqttException e) {
        return e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
    }

    private String refusalText(MqttException e) {
        return refusalText(e, user);
    }

    private static String refusalText(MqttException e, String user) {
        return (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        ? "the broker refused the user name or password"
                        : "the broker refused the connection: not authorised (a wrong password, or a user without access)")
                + (user == null
                        ? " (no user given: set VISION_MQTT_USER and VISION_MQTT_PASSWORD)"
                        : " for user " + user);
    }

    /**
     * Connects once, now, to learn whether the broker accepts these credentials: a refusal is a setup error.
     * A broker that cannot be reached is not (delivery retries while it is down).
     *
     * @throws dev.vision.core.VisionException when the broker refuses the user name, password or client
     */
    public static void checkCredentials(URI uri, String user, String password) {
        try {
            disconnectQuietly(connect(uri, user, password == null ? null : password.toCharArray(), Optional.empty()));
        } catch (MqttException e) {
            if (refusal(e)) {
                throw new VisionException("--mqtt " + uri + ": " + refusalText(e, user));
            }
        }
    }

    private void connect() throws MqttException {
        disconnectQuietly();
        MqttClient main = connected(0);
        try {
            for (int stream = 1; stream < streams; stream++) {
                willHolders.add(connected(stream));
            }
            // a broker that restarted has lost what was retained, and the wills said "offline"
            for (int stream = 0; stream < streams; stream++) {
                main.publish(statusTopic(stream), statuses.get(stream).getBytes(StandardCharsets.UTF_8), 1, true);
            }
        } catch (MqttException e) {
            client = main;
            disconnectQuietly();
            throw e;
        }
        client = main;
    }

    /** A connected client whose last will marks {@code stream} offline. */
    private MqttClient connected(int stream) throws MqttException {
        return connect(uri, user, password, Optional.of(statusTopic(stream)));
    }

    /** A client connected to the broker at {@code uri}, with "offline" as its last will on {@code willTopic}. */
    private static MqttClient connect(URI uri, String user, char[] password, Optional<String> willTopic)
            throws MqttException {
        boolean tls = uri.getScheme().equalsIgnoreCase("mqtts");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
        String server = (tls ? "ssl://" : "tcp://") + uri.getHost() + ":" + port;
        MqttClient c = new MqttClient(server, "vision-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(10);
        willTopic.ifPresent(t -> options.setWill(t, "offline".getBytes(StandardCharsets.UTF_8), 1, true));
        if (user != null) {
            options.setUserName(user);
            if (password != null) {
                options.setPassword(password);
            }
        }
        try {
            c.connect(options);
        } catch (MqttException e) {
            try {
                c.close();
            } catch (MqttException ignored) {
                // nothing was open
            }
            throw e;
        }
        return c;
    }

    private void disconnectQuietly() {
        MqttClient c = client;
        client = null;
        willHolders.forEach(MqttOutput::disconnectQuietly);
        willHolders.clear();
        disconnectQuietly(c);
    }

    private static void disconnectQuietly(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1000);
            }
        } catch (MqttException ignored) {
            // going away anyway
        }
        try {
            c.close();
        } catch (MqttException ignored) {
            // going away anyway
        }
    }

    @Override
    public String name() {
        return "mqtt " + uri;
    }

    @Override
    public void send(int stream, ObjectNode event) {
        enqueue(new Message(
                prefix + "/" + names.get(stream) + "/events",
                event.toString().getBytes(StandardCharsets.UTF_8),
                /* retained= */ false));
    }

    @Override
    public void status(int stream, SourceStatus state) {
        String payload = payload(state);
        if (stream >= 0 && stream < statuses.length()) {
            statuses.set(stream, payload);
        }
        enqueue(new Message(statusTopic(stream), payload.getBytes(StandardCharsets.UTF_8), /* retained= */ true));
    }

    /**
     * A status as its topic carries it: a live source is "online", the word that pairs with the will's
     * "offline" (as Frigate and Home Assistant read availability); the others as {@link SourceStatus#id()}.
     */
    static String payload(SourceStatus state) {
        return state == SourceStatus.LIVE ? "online" : state.id();
    }

    @Override
    public void close(Duration drain) {
        super.close(drain);
        disconnectQuietly();
    }
}
