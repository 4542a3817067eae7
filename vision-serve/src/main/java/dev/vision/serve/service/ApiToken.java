package dev.vision.serve.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/** The bearer token every write of the API needs: {@code VISION_API_TOKEN}, or a file made at first start. */
final class ApiToken {

    static final String VARIABLE = "VISION_API_TOKEN";

    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The variable's token, or the file's, made (mode 0600, readable by its owner only) when there is none. */
    static ApiToken load(Map<String, String> environment, Path file, Consumer<String> log) throws IOException {
        String given = environment.get(VARIABLE);
        if (given != null && !given.isBlank()) {
            log.accept("API token: from " + VARIABLE);
            return new ApiToken(given.strip());
        }
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, made + "\n");
                log.accept("API token: made " + file + " (mode 0600); writes need Authorization: Bearer <its content>");
                return new ApiToken(made);
            } catch (FileAlreadyExistsException raced) {
                // another start made it first: read it below
            }
        }
        log.accept("API token: " + file);
        return new ApiToken(Files.readString(file).strip());
    }

    /** Whether an {@code Authorization} header carries the token (compared in constant time). */
    boolean admits(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] offered = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, token);
    }
}
