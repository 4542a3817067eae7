package dev.vision.core.testing;

import dev.vision.core.model.FileCheck;
import dev.vision.core.model.HttpDownload;
import dev.vision.core.model.ModelResolutionException;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Brings the test media named in the manifest into a cache folder, each file checked against its sha256:
 * from the mirrors (URLs or folders, through the model store's verified fetch), else from where the
 * manifest says the file is published: its URLs, a published archive, or ffmpeg run on another entry.
 */
final class MediaFetcher implements MediaSource {

    private static final String SUBJECT = "test media";

    private final MediaManifest manifest;
    private final Path cache;
    private final ModelStore store;
    private final HttpDownload downloads;
    private final Set<String> ready = new HashSet<>();

    MediaFetcher(MediaManifest manifest, Path cache, List<String> mirrors) {
        this(manifest, cache, mirrors, /* httpSources= */ false);
    }

    /** @param httpSources whether the manifest's own URLs may be plain http (a test's local server) */
    MediaFetcher(MediaManifest manifest, Path cache, List<String> mirrors, boolean httpSources) {
        this.manifest = manifest;
        this.cache = cache;
        // plain http only where a person chose a mirror: the manifest's own URLs are all https
        ModelStoreConfig config = new ModelStoreConfig(cache, mirrors, httpSources || !mirrors.isEmpty());
        this.store = new ModelStore(config);
        this.downloads = new HttpDownload(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build(),
                config.stallTimeout(),
                httpSources);
    }

    /** The verified cached copy of one manifest file. */
    @Override
    public synchronized Path file(String relative) {
        MediaManifest.Entry entry = manifest.entry(relative);
        ensure(entry);
        return cache.resolve(entry.file());
    }

    /**
     * A cache folder holding every manifest file under {@code relative}, each verified. A file published
     * nowhere that no mirror has is left out with a line on stderr, so that the tests which do not read it
     * still run; one that does read it fails on the missing file.
     */
    @Override
    public synchronized Path folder(String relative) {
        for (MediaManifest.Entry entry : manifest.under(relative)) {
            if (entry.origin() instanceof MediaManifest.Origin.MirrorOnly) {
                try {
                    ensure(entry);
                } catch (IllegalStateException unpublished) {
                    System.err.println("test media: " + entry.file() + " left out of " + relative
                            + " (published nowhere; a mirror or a media folder has it)");
                }
            } else {
                ensure(entry);
            }
        }
        return cache.resolve(relative);
    }

    private void ensure(MediaManifest.Entry entry) {
        if (ready.contains(entry.file())) {
            return;
        }
        Path target = cache.resolve(entry.file());
        if (entry.origin() instanceof MediaManifest.Origin.Derived derived && madeFrom(target, derived)) {
            ready.add(entry.file());
            return;
        }
        try {
            store.fetch(SUBJECT, entry.artifact(), true);
        } catch (ModelResolutionException notFetched) {
            FileCheck made = make(entry, target);
            if (!made.ok()) {
                throw new IllegalStateException(
                        notFetched.getMessage() + "; " + made.reason() + ". " + TestData.MEDIA_HINT);
            }
        }
        ready.add(entry.file());
    }

    /** Makes a file the mirrors did not have from its archive or its source; for URLs there is nothing more. */
    private FileCheck make(MediaManifest.Entry entry, Path target) {
        MediaManifest.Origin origin = entry.origin();
        if (origin instanceof MediaManifest.Origin.InArchive inArchive) {
            return extract(entry, inArchive.archive(), target);
        }
        if (origin instanceof MediaManifest.Origin.Derived derived) {
            return derive(derived, target);
        }
        if (origin instanceof MediaManifest.Origin.MirrorOnly mirrorOnly) {
            return FileCheck.bad("no public source: " + mirrorOnly.why());
        }
        return FileCheck.bad("no other source");
    }

    private FileCheck extract(MediaManifest.Entry entry, String archiveName, Path target) {
        Path archive = cache.resolve(".archives").resolve(archiveName);
        if (!Files.isRegularFile(archive)) {
            List<String> tried = new ArrayList<>();
            for (String url : manifest.archives().getOrDefault(archiveName, List.of())) {
                FileCheck fetched = downloads.fetch(url, archive, MediaFetcher::readableZip);
                if (fetched.ok()) {
                    break;
                }
                tried.add(url + " (" + fetched.reason() + ")");
            }
            if (!Files.isRegularFile(archive)) {
                return FileCheck.bad("archive " + archiveName + " not downloaded: " + String.join("; ", tried));
            }
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry member = zip.getEntry(entry.file());
            if (member == null) {
                return FileCheck.bad(archiveName + " has no " + entry.file());
            }
            Path temp = partFile(target);
            try {
                try (InputStream in = zip.getInputStream(member)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                FileCheck check = ModelStore.verify(temp, entry.artifact());
                if (check.ok()) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                return check.ok() ? check : FileCheck.bad(archiveName + "'s " + entry.file() + ": " + check.reason());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            return FileCheck.bad("cannot read " + archive + ": " + e.getMessage());
        }
    }

    private static FileCheck readableZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() > 0 ? FileCheck.OK : FileCheck.bad("an empty archive");
        } catch (IOException e) {
            return FileCheck.bad("not a zip archive: " + e.getMessage());
        }
    }

    /** Runs ffmpeg on the source entry, then checks the frame count; a marker beside it records the source. */
    private FileCheck derive(MediaManifest.Origin.Derived derived, Path target) {
        MediaManifest.Entry source = manifest.entry(derived.from());
        ensure(source);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".part.mp4"); // ffmpeg picks the format by name
            List<String> command = new ArrayList<>(List.of(
                    "ffmpeg",
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    cache.resolve(source.file()).toString()));
            command.addAll(derived.ffmpegArguments());
            command.add(temp.toString());
            try {
                if (run(command).isEmpty()) {
                    return FileCheck.bad("ffmpeg failed making it from " + derived.from());
                }
                String frames = videoStream(temp, "nb_read_frames").orElse("");
                if (!frames.equals(Integer.toString(derived.frames()))) {
                    return FileCheck.bad(
                            "made from " + derived.from() + " with " + frames + " frames, not " + derived.frames());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(marker(target), source.sha256());
                return FileCheck.OK;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            return FileCheck.bad("cannot make it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FileCheck.bad("interrupted");
        }
    }

    /**
     * The first video stream's {@code fields} (comma-separated, e.g. "codec_name,nb_read_frames") as ffprobe
     * gives them after decoding every frame, in that order and comma-separated; empty if ffprobe fails.
     */
    static Optional<String> videoStream(Path video, String fields) throws IOException, InterruptedException {
        return run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=" + fields,
                        "-of",
                        "csv=p=0",
                        video.toString()))
                .map(String::trim);
    }

    /** Whether the target was made before from the source the manifest names now. */
    private boolean madeFrom(Path target, MediaManifest.Origin.Derived derived) {
        try {
            return Files.isRegularFile(target)
                    && Files.isRegularFile(marker(target))
                    && Files.readString(marker(target))
                            .equals(manifest.entry(derived.from()).sha256());
        } catch (IOException e) {
            return false;
        }
    }

    private static Path marker(Path target) {
        return target.resolveSibling(target.getFileName() + ".made-from-sha256");
    }

    private static Path partFile(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    }

    /** A command's standard output when it exits with 0. */
    private static Optional<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            return Optional.empty();
        }
        return Optional.of(new String(out, StandardCharsets.UTF_8));
    }
}
