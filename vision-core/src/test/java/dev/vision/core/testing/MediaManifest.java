package dev.vision.core.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.model.ModelDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The repository's {@code test-media.json}: every media file the tests read, its sha256 and size, and where
 * it is published: its own URLs, a member of a published archive, or made by ffmpeg from another entry.
 */
record MediaManifest(Map<String, Entry> files, Map<String, List<String>> archives) {

    /** One file: where it sits under the media root, its checksum and size, and where it comes from. */
    record Entry(String file, String sha256, long bytes, Origin origin) {
        ModelDescriptor.Artifact artifact() {
            return new ModelDescriptor.Artifact(
                    file, sha256, bytes, origin instanceof Origin.Urls urls ? urls.urls() : List.of());
        }
    }

    /** Where a file is published. */
    sealed interface Origin permits Origin.Urls, Origin.InArchive, Origin.Derived, Origin.MirrorOnly {
        /** Downloadable as it is. */
        record Urls(List<String> urls) implements Origin {}

        /** A member, at the same path, of the named archive (a zip). */
        record InArchive(String archive) implements Origin {}

        /**
         * Made by ffmpeg from another entry: re-encoding is not byte-exact across ffmpeg versions, so the made
         * file is checked by its frame count instead of its sha256.
         */
        record Derived(String from, List<String> ffmpegArguments, int frames) implements Origin {}

        /** Published nowhere as it is: only a media folder or a mirror has it. */
        record MirrorOnly(String why) implements Origin {}
    }

    /** The manifest as written; one of urls, archive, derive or mirror_only names the origin. */
    private record Json(String about, List<JsonArchive> archives, List<JsonEntry> files) {}

    private record JsonArchive(String name, List<String> urls) {}

    private record JsonEntry(
            String file,
            String sha256,
            long bytes,
            List<String> urls,
            String archive,
            JsonDerive derive,

            @JsonProperty("mirror_only") String mirrorOnly) {
        Entry entry() {
            Origin origin;
            if (archive != null) {
                origin = new Origin.InArchive(archive);
            } else if (mirrorOnly != null) {
                origin = new Origin.MirrorOnly(mirrorOnly);
            } else if (derive != null) {
                origin = new Origin.Derived(derive.from(), derive.ffmpeg(), derive.frames());
            } else {
                origin = new Origin.Urls(urls == null ? List.of() : urls);
            }
            return new Entry(file, sha256, bytes, origin);
        }
    }

    private record JsonDerive(String from, List<String> ffmpeg, int frames) {}

    static MediaManifest read(Path file) {
        try {
            Json json = new ObjectMapper().readValue(file.toFile(), Json.class);
            Map<String, Entry> entries = json.files().stream()
                    .map(JsonEntry::entry)
                    .collect(Collectors.toMap(Entry::file, Function.identity(), (a, b) -> a, LinkedHashMap::new));
            Map<String, List<String>> archives =
                    json.archives().stream().collect(Collectors.toMap(JsonArchive::name, JsonArchive::urls));
            return new MediaManifest(entries, archives);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test media manifest " + file, e);
        }
    }

    /** The entry of {@code file}, or an error naming the manifest. */
    Entry entry(String file) {
        Entry e = files.get(file);
        if (e == null) {
            throw new IllegalStateException("test media " + file + " is not in test-media.json");
        }
        return e;
    }

    /** Every entry under {@code folder}. */
    List<Entry> under(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<Entry> found =
                files.values().stream().filter(e -> e.file().startsWith(prefix)).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no test media under " + folder + " in test-media.json");
        }
        return found;
    }
}
