package dev.vision.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.natives.CpuFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds model files by name and proves they are the files the descriptors name: the cache first, then the
 * files bundled with vision, then each mirror, then the file's own URLs; a file is used only when its
 * sha256 matches. Downloads go to a temporary file that is renamed into the cache once verified, so the
 * cache never holds a partial file; a download that stalls is abandoned. Thread-safe.
 */
public final class ModelStore {

    private static final String DESCRIPTOR_ROOT = "vision/models/";

    private final ModelStoreConfig config;
    private final Map<String, ModelDescriptor> builtIns;
    private final HttpDownload downloads;

    public ModelStore(ModelStoreConfig config) {
        this(
                config,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL) // never from https to http
                        .build());
    }

    /** A store that downloads with {@code http} (a proxy, or trust in a private certificate authority). */
    public ModelStore(ModelStoreConfig config, HttpClient http) {
        this.config = config;
        this.builtIns = loadBuiltIns();
        this.downloads = new HttpDownload(http, config.stallTimeout(), config.allowHttp());
    }

    public ModelStoreConfig config() {
        return config;
    }

    public List<ModelDescriptor> list() {
        return List.copyOf(builtIns.values());
    }

    public Optional<ModelDescriptor> find(String name) {
        return Optional.ofNullable(builtIns.get(name.toLowerCase(Locale.ROOT)));
    }

    public ModelDescriptor require(String name) throws ModelResolutionException {
        return find(name)
                .orElseThrow(() -> new ModelResolutionException("unknown model '" + name
                        + "': built-in models are " + String.join(", ", builtIns.keySet())
                        + "; or give a path to a .pt, .torchscript or .onnx file"));
    }

    /** Resolves a built-in name or a model file into a verified file, its labels and its provenance. */
    public ResolvedModel prepare(ModelRequest request) throws ModelResolutionException {
        Path asFile = Path.of(request.model());
        boolean looksLikeFile =
                request.model().contains("/") || request.model().matches("(?i).*\\.(pt|pth|torchscript|onnx)$");
        if (find(request.model()).isEmpty() && (looksLikeFile || Files.exists(asFile))) {
            return prepareFile(request, asFile);
        }
        ModelDescriptor d = require(request.model());
        if (request.family().isPresent()) {
            throw new InvalidSettingException(
                    "family", "applies to a model file; " + d.name() + " is built in and its family is " + d.family());
        }
        if (request.labels().isPresent()) {
            throw new InvalidSettingException(
                    "labels", "applies to a model file; " + d.name() + " is built in and has its own labels");
        }
        if (request.inputSize() > 0) {
            throw new InvalidSettingException(
                    "inputSize",
                    "applies to a model file; " + d.name() + " is built in at " + d.inputWidth() + "x"
                            + d.inputHeight());
        }
        InferenceEngine engine = request.engine().isPresent()
                ? request.engine().get()
                : d.files().containsKey(InferenceEngine.PYTORCH.id())
                        ? InferenceEngine.PYTORCH
                        : InferenceEngine.ONNXRUNTIME;
        ModelDescriptor.Artifact weights = d.file(engine.id())
                .orElseThrow(() -> new ModelResolutionException(
                        "model " + d.name() + " has no " + engine.id() + " file; engines for it: "
                                + String.join(", ", d.files().keySet())));
        List<String> notes = new ArrayList<>();
        Path file;
        try {
            file = resolve(d.name(), weights, /* copyToCache= */ false);
        } catch (ModelResolutionException e) {
            if (weights.fallback() == null) {
                throw e;
            }
            ModelDescriptor.Artifact fallback = weights.fallback();
            try {
                file = resolve(d.name(), fallback, /* copyToCache= */ false);
            } catch (ModelResolutionException also) {
                throw new ModelResolutionException(e.getMessage() + "; nor its fallback: " + also.getMessage());
            }
            weights = fallback;
            if (fallback.maxBatch() > 0) {
                notes.add("model " + d.name() + ": only the upstream file " + fallback.file() + " was found, which "
                        + "takes " + fallback.maxBatch() + " image(s) per call; running at batch "
                        + fallback.maxBatch());
            }
        }
        List<String> labels =
                d.labels() == null ? List.of() : readLabels(resolve(d.name(), d.labels(), /* copyToCache= */ false));
        int8Caveat(d, CpuFlags.ofThisMachine()).ifPresent(notes::add);
        return new ResolvedModel(
                d.name(),
                ModelFamily.parse(d.family()),
                engine,
                file,
                weights.sha256(),
                d.licence(),
                labels,
                d.inputWidth(),
                d.inputHeight(),
                d.devices(),
                weights.maxBatch(),
                notes);
    }

    /** What to tell the user of an int8 model on an x86-64 CPU whose int8 kernels lose accuracy. */
    static Optional<String> int8Caveat(ModelDescriptor d, Optional<CpuFlags> cpu) {
        if (d.precision() != WeightPrecision.INT8 || cpu.isEmpty() || cpu.get().hasInt8DotProduct()) {
            return Optional.empty();
        }
        return Optional.of("model " + d.name() + " is int8, and this CPU has no VNNI instructions (avx512_vnni, "
                + "avx_vnni): its int8 kernels lose accuracy here (README, `vision eval`)"
                + (d.floatVariant() != null ? "; --model " + d.floatVariant() + " does not" : ""));
    }

    private ResolvedModel prepareFile(ModelRequest request, Path file) throws ModelResolutionException {
        if (Files.isDirectory(file)) {
            throw new ModelResolutionException(
                    "model " + file + ": is a folder; give the model file in it " + "(.onnx, .pt or .torchscript)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelResolutionException("model file " + file + ": no such file");
        }
        InferenceEngine engine = InferenceEngine.forFile(file.getFileName().toString());
        List<String> notes = new ArrayList<>();
        if (request.family().isEmpty()) {
            Optional<ModelFamily> fromShape =
                    engine == InferenceEngine.ONNXRUNTIME ? OutputShapes.unambiguousFamily(file) : Optional.empty();
            if (fromShape.isEmpty()) {
                throw new InvalidSettingException(
                        "family",
                        "needed to read the output of model file " + file + " (" + ModelFamily.idsText() + ")");
            }
            request = request.withFamily(fromShape.get());
            notes.add("model file " + file.getFileName() + ": read as family "
                    + fromShape.get().id() + " from its "
                    + "output " + OutputShapes.describe(OutputShapes.of(file).get(0)) + " (rows of x1, y1, x2, y2, "
                    + "score, class; --family end2end-cxcywh reads centre and size)");
        }
        if (request.engine().isPresent() && request.engine().get() != engine) {
            throw new ModelResolutionException("model file " + file + " is for the " + engine.id() + " engine, not "
                    + request.engine().get().id());
        }
        List<String> labels = List.of();
        if (request.labels().isPresent()) {
            Path labelsFile = request.labels().get();
            if (!Files.exists(labelsFile)) {
                throw new ModelResolutionException("labels file " + labelsFile + ": no such file");
            }
            if (Files.isDirectory(labelsFile)) {
                throw new ModelResolutionException("labels file " + labelsFile + ": is a folder");
            }
            labels = readLabels(labelsFile);
            if (labels.isEmpty()) {
                throw new ModelResolutionException(
                        "labels file " + labelsFile + ": holds no class names " + "(one a line)");
            }
        }
        ModelFamily family = request.family().orElseThrow();
        int size = request.inputSize() > 0 ? request.inputSize() : family.defaultInputSize();
        String sha;
        try {
            sha = Sha256.of(file);
        } catch (IOException e) {
            throw new ModelResolutionException("model file " + file + ": cannot read: " + e.getMessage());
        }
        String name = file.getFileName().toString();
        return new ResolvedModel(
                name,
                family,
                engine,
                file.toAbsolutePath(),
                sha,
                "unknown (user model)",
                labels,
                size,
                size,
                List.of("cpu", "gpu"),
                0,
                notes);
    }

    private static List<String> readLabels(Path file) throws ModelResolutionException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new ModelResolutionException("labels file " + file + ": cannot read: " + e.getMessage());
        }
    }

    /** The places on this machine where a copy of {@code artifact} may lie: the cache, the bundled folder, mirror folders. */
    public List<Path> localPlaces(ModelDescriptor.Artifact artifact) {
        List<Path> places = new ArrayList<>();
        places.add(cachePath(artifact));
        if (config.bundledDir() != null) {
            places.add(config.bundledDir().resolve(artifact.file()));
        }
        for (String mirror : config.mirrors()) {
            if (!mirror.contains("://")) {
                places.add(Path.of(mirror).resolve(artifact.file()));
            }
        }
        return places;
    }

    /** Where {@code artifact} would sit in the cache. */
    public Path cachePath(ModelDescriptor.Artifact artifact) {
        return config.cacheDir().resolve(artifact.file());
    }

    /**
     * A verified local copy of {@code artifact}.
     *
     * @param copyToCache also copy a file found in a mirror folder into the cache ({@code models fetch})
     */
    public Path resolve(String modelName, ModelDescriptor.Artifact artifact, boolean copyToCache)
            throws ModelResolutionException {
        return fetch("model " + modelName, artifact, copyToCache);
    }

    /**
     * A verified local copy of any file named by an {@link ModelDescriptor.Artifact} (a path relative to the
     * cache, mirror and bundled folders may hold sub-folders), found as {@link #resolve} finds a model's.
     *
     * @param subject what the file belongs to, for the error ("model yolox-nano", "test media")
     */
    public Path fetch(String subject, ModelDescriptor.Artifact artifact, boolean copyToCache)
            throws ModelResolutionException {
        List<String> tried = new ArrayList<>();
        Path cached = cachePath(artifact);
        if (Files.isRegularFile(cached)) {
            FileCheck check = verify(cached, artifact);
            if (check.ok()) {
                return cached;
            }
            tried.add("cache " + cached + " (" + check.reason() + ")");
        } else {
            tried.add("cache " + cached + " (missing)");
        }
        if (config.bundledDir() != null) {
            Path bundled = config.bundledDir().resolve(artifact.file());
            FileCheck check = Files.isRegularFile(bundled) ? verify(bundled, artifact) : FileCheck.bad("missing");
            if (check.ok()) {
                if (!copyToCache) {
                    return bundled;
                }
                FileCheck copied = copyIntoCache(bundled, artifact, cached);
                if (copied.ok()) {
                    return cached;
                }
                check = FileCheck.bad("copy to cache failed: " + copied.reason());
            }
            tried.add("bundled " + bundled + " (" + check.reason() + ")");
        }
        for (String mirror : config.mirrors()) {
            if (isUrl(mirror)) {
                String url = (mirror.endsWith("/") ? mirror : mirror + "/") + artifact.file();
                FileCheck fetched = download(url, artifact, cached);
                if (fetched.ok()) {
                    return cached;
                }
                tried.add("mirror " + url + " (" + fetched.reason() + ")");
                continue;
            }
            Path candidate = Path.of(mirror).resolve(artifact.file());
            if (!Files.isRegularFile(candidate)) {
                tried.add("mirror " + candidate + " (missing)");
                continue;
            }
            FileCheck check = verify(candidate, artifact);
            if (!check.ok()) {
                tried.add("mirror " + candidate + " (" + check.reason() + ")");
                continue;
            }
            if (!copyToCache) {
                return candidate;
            }
            FileCheck copied = copyIntoCache(candidate, artifact, cached);
            if (copied.ok()) {
                return cached;
            }
            tried.add("copy to cache " + cached + " (" + copied.reason() + ")");
        }
        if (config.mirrors().isEmpty()) {
            tried.add("no mirror (" + ModelStoreConfig.MIRROR_ENV + " is not set)");
        }
        for (String url : artifact.urls()) {
            FileCheck fetched = download(url, artifact, cached);
            if (fetched.ok()) {
                return cached;
            }
            tried.add(url + " (" + fetched.reason() + ")");
        }
        if (artifact.urls().isEmpty()) {
            tried.add("no download URL known");
        }
        throw new ModelResolutionException(subject + ": cannot get " + artifact.file() + " with sha256 "
                + artifact.sha256().substring(0, 12) + "…; tried " + String.join("; ", tried));
    }

    /**
     * Where {@code artifact} would come from now, without downloading: "cache", "bundled", "mirror DIR",
     * "download URL" (a mirror URL or its own), or "missing".
     */
    public String where(ModelDescriptor.Artifact artifact) {
        if (Files.isRegularFile(cachePath(artifact))
                && verify(cachePath(artifact), artifact).ok()) {
            return "cache";
        }
        if (config.bundledDir() != null) {
            Path bundled = config.bundledDir().resolve(artifact.file());
            if (Files.isRegularFile(bundled) && verify(bundled, artifact).ok()) {
                return "bundled";
            }
        }
        for (String mirror : config.mirrors()) {
            if (isUrl(mirror)) {
                return "download " + mirror;
            }
            Path candidate = Path.of(mirror).resolve(artifact.file());
            if (Files.isRegularFile(candidate) && verify(candidate, artifact).ok()) {
                return "mirror " + mirror;
            }
        }
        if (!artifact.urls().isEmpty()) {
            return "download " + artifact.urls().get(0);
        }
        return "missing";
    }

    /** Whether {@code file} has the expected checksum, or what is wrong with it. */
    public static FileCheck verify(Path file, ModelDescriptor.Artifact artifact) {
        try {
            String actual = Sha256.of(file);
            if (actual.equalsIgnoreCase(artifact.sha256())) {
                return FileCheck.OK;
            }
            return FileCheck.bad("sha256 mismatch: found " + actual.substring(0, 12) + "…");
        } catch (IOException e) {
            return FileCheck.bad("unreadable: " + e.getMessage());
        }
    }

    private FileCheck copyIntoCache(Path source, ModelDescriptor.Artifact artifact, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return FileCheck.OK;
        } catch (IOException e) {
            return FileCheck.bad(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private FileCheck download(String url, ModelDescriptor.Artifact artifact, Path target) {
        return downloads.fetch(url, target, file -> verify(file, artifact));
    }

    private static boolean isUrl(String s) {
        return s.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
    }

    private static Map<String, ModelDescriptor> loadBuiltIns() {
        ObjectMapper json = new ObjectMapper();
        Map<String, ModelDescriptor> result = new LinkedHashMap<>();
        ClassLoader loader = ModelStore.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(DESCRIPTOR_ROOT + "index.json")) {
            if (index == null) {
                throw new IllegalStateException("model descriptors missing from the classpath");
            }
            String[] names = json.readValue(index, String[].class);
            for (String name : names) {
                try (InputStream in = loader.getResourceAsStream(DESCRIPTOR_ROOT + name + ".json")) {
                    if (in == null) {
                        throw new IllegalStateException("model descriptor " + name + ".json is missing");
                    }
                    ModelDescriptor d = json.readValue(
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                            ModelDescriptor.class);
                    result.put(d.name(), d);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model descriptors: " + e.getMessage(), e);
        }
        return result;
    }
}
