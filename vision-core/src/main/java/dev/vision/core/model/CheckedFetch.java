package dev.vision.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file known by its sha256, fetched once into a local place: from mirrors (folders or URLs laid out as the
 * file's relative path says), then from a public URL. Nothing lands under the final name unless its sha256
 * is right.
 *
 * @param relativePath where the file lies inside a mirror ("clips/car-detection.mp4")
 * @param sha256       the file's sha256, in hex
 * @param publicUrl    where to fetch it when no mirror has it
 */
public record CheckedFetch(String relativePath, String sha256, String publicUrl) {

    /**
     * Ensures {@code target} holds the file: kept if it is already right, else fetched.
     *
     * @param mirrors folders or URLs tried first, in order
     * @param say     told of each place tried
     * @return the places tried and why each failed; empty when the file is in place
     */
    public List<String> ensure(Path target, List<String> mirrors, Consumer<String> say) throws IOException {
        if (Files.isRegularFile(target) && sha256.equals(Sha256.of(target))) {
            return List.of();
        }
        HttpDownload download = new HttpDownload(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build(),
                Duration.ofSeconds(30),
                /* allowHttp= */ true);
        List<String> sources = new ArrayList<>(mirrors);
        sources.add(publicUrl);
        List<String> tried = new ArrayList<>();
        for (String source : sources) {
            String from = source.equals(publicUrl)
                    ? source
                    : source.contains("://")
                            ? (source.endsWith("/") ? source : source + "/") + relativePath
                            : Path.of(source).resolve(relativePath).toString();
            say.accept("fetching " + from + " …");
            FileCheck got = source.contains("://")
                    ? download.fetch(from, target, this::checked)
                    : copyChecked(Path.of(from), target);
            if (got.ok()) {
                return List.of();
            }
            tried.add(from + " (" + ((FileCheck.Bad) got).reason() + ")");
        }
        return tried;
    }

    private FileCheck checked(Path file) {
        try {
            String sha = Sha256.of(file);
            return sha256.equals(sha)
                    ? FileCheck.OK
                    : FileCheck.bad("sha256 " + sha.substring(0, 12) + "…, not the expected file's");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileCheck copyChecked(Path from, Path target) {
        if (!Files.isRegularFile(from)) {
            return FileCheck.bad("no such file");
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            FileCheck check = checked(temp);
            if (check.ok()) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(temp);
            }
            return check;
        } catch (IOException e) {
            return FileCheck.bad(e.getMessage());
        }
    }
}
