package dev.vision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.pipeline.RunStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A crowd on /stream.mjpg is capped: beyond the limit it gets 503, and the page and /status stay served. */
class ViewerCapTest {

    private static String statusLine(Socket s, String path) throws Exception {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    @Timeout(60)
    void streamsBeyondTheCapAre503AndStatusStaysServed() throws Exception {
        RunStats stats = new RunStats();
        try (LiveServer server = LiveServer.start(
                "127.0.0.1",
                0,
                new LiveServer.RunInfo("detect", "test", "yolox-nano", "Apache-2.0", "onnxruntime", "cpu"),
                () -> stats)) {
            List<Socket> viewers = new ArrayList<>();
            try {
                for (int i = 0; i < LiveServer.MAX_STREAM_VIEWERS; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    viewers.add(s);
                    assertTrue(statusLine(s, "/stream.mjpg").contains(" 200"), "viewer " + i);
                }
                for (int i = 0; i < 5; i++) {
                    try (Socket extra = new Socket("127.0.0.1", server.port())) {
                        assertTrue(statusLine(extra, "/stream.mjpg").contains(" 503"), "viewer beyond the cap");
                    }
                }
                try (Socket status = new Socket("127.0.0.1", server.port())) {
                    assertTrue(statusLine(status, "/status").contains(" 200"), "a normal client still served");
                }
            } finally {
                for (Socket s : viewers) {
                    s.close();
                }
            }
            assertEquals(16, LiveServer.MAX_STREAM_VIEWERS, "the documented limit");
        }
    }
}
