package dev.vision.serve.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The configuration file on disk: written whole and atomically (a temporary file beside it, flushed to disk, then
 * renamed over it), so a crash leaves the old file or the new one and never half of one; and watched, so that an
 * edit by hand is read again.
 */
final class ConfigFile implements AutoCloseable {

    /** How long the file must be left alone before an edit is read. */
    private static final long QUIET_MS = 300;

    private final Path file;
    private volatile String lastWritten = "";
    private WatchService watcher;
    private Thread watching;

    ConfigFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path path() {
        return file;
    }

    String read() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Replaces the file's content with {@code text}, atomically. */
    synchronized void write(String text) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(text));
            out.force(true);
        }
        lastWritten = text;
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Calls {@code changed} with the new text each time the file is changed by someone other than this service. */
    void watch(Consumer<String> changed, Consumer<String> log) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        watching = new Thread(
                () -> {
                    try {
                        while (true) {
                            WatchKey key = watcher.take();
                            boolean ours = touchesTheFile(key);
                            // an editor may write in steps (truncate, then write): read once it is quiet for a moment
                            for (WatchKey more; (more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null; ) {
                                ours |= touchesTheFile(more);
                            }
                            if (ours && Files.isRegularFile(file)) {
                                String text = read();
                                if (text.isBlank()) {
                                    log.accept("config: " + file
                                            + " is empty; ignored (a config with no camera says cameras: [])");
                                } else if (!text.equals(lastWritten)) {
                                    lastWritten = text;
                                    changed.accept(text);
                                }
                            }
                        }
                    } catch (InterruptedException | ClosedWatchServiceException e) {
                        // closed
                    } catch (IOException e) {
                        log.accept("config: cannot read " + file + " again: " + e.getMessage()
                                + "; edits are no longer watched");
                    }
                },
                "config-watch");
        watching.setDaemon(true);
        watching.start();
    }

    private boolean touchesTheFile(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path p && p.equals(file.getFileName())) {
                ours = true;
            }
        }
        key.reset();
        return ours;
    }

    /** Takes note of the text the service started with, so that it is not read as an edit. */
    void started(String text) {
        lastWritten = text;
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
