package dev.vision.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Downloads one URL into a file that appears only once complete and checked: the body goes to a temporary
 * file beside the target, a check of the caller's decides, and only then is it renamed into place. A
 * download that sends no byte for the stall timeout is abandoned; plain http is refused unless allowed.
 * Thread-safe.
 */
public final class HttpDownload {

    private final HttpClient http;
    private final Duration stallTimeout;
    private final boolean allowHttp;

    /**
     * @param stallTimeout how long a response or its body may send nothing before the download is abandoned
     * @param allowHttp whether plain {@code http://} URLs may be used (https always may)
     */
    public HttpDownload(HttpClient http, Duration stallTimeout, boolean allowHttp) {
        this.http = http;
        this.stallTimeout = stallTimeout;
        this.allowHttp = allowHttp;
    }

    /**
     * Downloads {@code url} to {@code target}, keeping it only if {@code check} accepts the downloaded file.
     *
     * @return {@link FileCheck#OK} with the file in place, or why there is none (the target is then untouched)
     */
    public FileCheck fetch(String url, Path target, Function<Path, FileCheck> check) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return FileCheck.bad("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowHttp) {
            return FileCheck.bad("plain http refused; set " + ModelStoreConfig.ALLOW_HTTP_ENV + "=1 to allow it");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return FileCheck.bad("unsupported URL scheme '" + scheme + "'");
        }
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(stallTimeout).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return FileCheck.bad(
                            "HTTP " + response.statusCode() + (response.statusCode() == 404 ? " (not found)" : ""));
                }
                FileCheck copied = copyWatched(body, temp);
                if (!copied.ok()) {
                    return copied;
                }
            }
            FileCheck checked = check.apply(temp);
            if (!checked.ok()) {
                return checked;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return FileCheck.OK;
        } catch (HttpTimeoutException e) {
            return FileCheck.bad("stalled: no response in " + stallTimeout.toSeconds() + " s");
        } catch (IOException e) {
            return FileCheck.bad(
                    "unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FileCheck.bad("interrupted");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stale .part file is harmless: it never has a name anything looks for
                }
            }
        }
    }

    /**
     * Copies a download body into {@code target}, abandoning it when no byte arrives for the stall timeout
     * (a blocked read is ended by closing the stream from a watchdog): whether it is complete, or why not.
     */
    private FileCheck copyWatched(InputStream body, Path target) throws IOException {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long limit = stallTimeout.toNanos();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vision-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, stallTimeout.toMillis() / 10);
        watchdog.scheduleAtFixedRate(
                () -> {
                    if (System.nanoTime() - lastProgress.get() > limit && stalled.compareAndSet(false, true)) {
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // the read fails either way
                        }
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                lastProgress.set(System.nanoTime());
            }
        } catch (IOException e) {
            if (!stalled.get()) {
                throw e;
            }
        } finally {
            watchdog.shutdownNow();
        }
        return stalled.get() ? FileCheck.bad("stalled: no data for " + stallTimeout.toSeconds() + " s") : FileCheck.OK;
    }
}
