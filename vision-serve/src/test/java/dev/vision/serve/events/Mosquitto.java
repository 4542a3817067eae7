package dev.vision.serve.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Debian's mosquitto on a free loopback port, for as long as a test needs a broker. */
public final class Mosquitto implements AutoCloseable {

    private final Process broker;
    private final int port;
    private final List<MqttClient> clients = new ArrayList<>();

    private Mosquitto(Process broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    public static Mosquitto start() throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/mosquitto");
        assertTrue(Files.isExecutable(binary), "mosquitto is installed (apt-get install mosquitto; .ci/run does)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process broker = new ProcessBuilder(binary.toString(), "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Mosquitto(broker, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        broker.destroy();
        throw new IllegalStateException("mosquitto did not start on " + port);
    }

    public int port() {
        return port;
    }

    /** {@code mqtt://127.0.0.1:PORT}. */
    public String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    /** Every message under {@code filter} as it arrives (retained ones too): topic, payload. */
    public List<String[]> subscribe(String filter) throws MqttException {
        List<String[]> got = Collections.synchronizedList(new ArrayList<>());
        MqttClient client = client();
        client.subscribe(
                filter,
                1,
                (topic, m) -> got.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)}));
        return got;
    }

    /** A connected client, closed with the broker. */
    public MqttClient client() throws MqttException {
        MqttClient client =
                new MqttClient("tcp://127.0.0.1:" + port, "test-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        clients.add(client);
        return client;
    }

    /** Whether {@code got} holds a message on {@code topic} whose payload contains {@code part}. */
    public static boolean has(List<String[]> got, String topic, String part) {
        synchronized (got) {
            return got.stream().anyMatch(m -> m[0].equals(topic) && m[1].contains(part));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            } catch (MqttException e) {
                // the broker goes next
            }
        }
        broker.destroy();
        broker.waitFor();
    }
}
