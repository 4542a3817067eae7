package dev.vision.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests' media come from: a local folder used as it is, or a verified cache ({@link MediaFetcher}). */
interface MediaSource {

    /** A file by its path under the media root. */
    Path file(String relative);

    /** A folder by its path under the media root, with every file the manifest lists under it. */
    Path folder(String relative);

    /** A folder holding the media, read as it is. */
    record LocalFolder(Path root) implements MediaSource {
        @Override
        public Path file(String relative) {
            return existing(relative);
        }

        @Override
        public Path folder(String relative) {
            return existing(relative);
        }

        private Path existing(String relative) {
            Path p = root.resolve(relative);
            if (!Files.exists(p)) {
                throw new IllegalStateException("test media missing: " + p + ". " + TestData.MEDIA_HINT);
            }
            return p;
        }
    }
}
