package dev.vision.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test: Debian's {@code postgresql} package, a fresh cluster ({@code initdb}) in
 * a temporary folder, started with {@code pg_ctl} as the {@code postgres} user on 127.0.0.1 and a free port.
 */
public final class Postgres implements AutoCloseable {

    private final Path dir;
    private final int port;

    private Postgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The folder of the newest installed PostgreSQL's programs. */
    static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.max(Comparator.comparingInt(
                            p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException(
                            "no PostgreSQL under " + root + " (.ci/run installs Debian's postgresql package)"))
                    .resolve("bin");
        }
    }

    public static Postgres start() throws Exception {
        Path dir = Files.createTempDirectory("vision-postgres");
        run("chmod", "755", dir.toString());
        Path data = dir.resolve("data");
        run("install", "-d", "-o", "postgres", "-m", "700", data.toString());
        Path bin = binaries();
        asPostgres(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        asPostgres(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                data.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-w",
                "start");
        Postgres pg = new Postgres(dir, port);
        asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "vision");
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/vision?user=postgres";
    }

    private static void asPostgres(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        run(all.toArray(String[]::new));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Override
    public void close() throws Exception {
        Path data = dir.resolve("data");
        asPostgres(binaries().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        run("rm", "-rf", dir.toString());
    }
}
