package dev.vision.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS server on 127.0.0.1 and a free port, with a self-signed certificate made by the JDK's
 * keytool for this test only. It serves the files of one folder under {@code /ok/}, answers 404 under
 * {@code /missing/}, serves other bytes than asked under {@code /wrong/}, and under {@code /stall/} sends
 * the headers and a few bytes, then nothing.
 */
public final class HttpsFileServer implements AutoCloseable {

    public static final String PASSWORD = "changeit";

    private final HttpsServer server;
    private final Path keystore;
    private final SSLContext ssl;

    private HttpsFileServer(HttpsServer server, Path keystore, SSLContext ssl) {
        this.server = server;
        this.keystore = keystore;
        this.ssl = ssl;
    }

    public static HttpsFileServer serve(Path folder, Path work) throws Exception {
        Path keystore = work.resolve("test-server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String log = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + log);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "https-test-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/ok/", ex -> send(ex, folder.resolve(name(ex))));
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/wrong/", ex -> {
            byte[] other = "not the model you asked for".getBytes();
            ex.sendResponseHeaders(200, other.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(other);
            }
        });
        server.createContext("/stall/", ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[100]);
            out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
        return new HttpsFileServer(server, keystore, ssl);
    }

    private static String name(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void send(HttpExchange ex, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    /** The base URL of one behaviour: "ok", "missing", "wrong" or "stall", ending with a slash. */
    public String url(String behaviour) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/";
    }

    /** An HTTP client that trusts this server's certificate (and nothing else). */
    public HttpClient trustingClient() {
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** JVM options for a process that must trust this server: its certificate as the trust store. */
    public List<String> trustStoreOptions() {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + keystore,
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
