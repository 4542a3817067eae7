package dev.vision.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model as {@code models/*.json} describes it: what it does, how its input is made, which files carry
 * its weights for which engine, and where they came from.
 *
 * @param precision    how its weights are stored ({@code "precision"}, fp32 unless it says int8)
 * @param floatVariant for an int8 model, the name of the same model in fp32, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
        String name,
        String task,
        String family,
        String description,
        @JsonProperty("input_width") int inputWidth,
        @JsonProperty("input_height") int inputHeight,
        String licence,
        List<String> devices,
        Artifact labels,
        Map<String, Artifact> files,
        List<String> sources,
        WeightPrecision precision,
        @JsonProperty("float_variant") String floatVariant) {

    public ModelDescriptor {
        precision = precision == null ? WeightPrecision.FP32 : precision;
        devices = devices == null ? List.of("cpu", "gpu") : List.copyOf(devices);
        files = files == null ? Map.of() : Map.copyOf(files);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** The weights file for an engine ("pytorch" or "onnxruntime"), if this model has one. */
    /** Every file the model needs: its weights per engine (by engine id, in order), then "labels". */
    public List<Map.Entry<String, Artifact>> artifacts() {
        List<Map.Entry<String, Artifact>> all = new ArrayList<>();
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(all::add);
        if (labels != null) {
            all.add(Map.entry("labels", labels));
        }
        return all;
    }

    public Optional<Artifact> file(String engine) {
        return Optional.ofNullable(files.get(engine));
    }

    public boolean runsOn(String deviceType) {
        return devices.contains(deviceType);
    }

    /**
     * One file of a model: its name in caches and mirrors, its checksum and size, and download URLs.
     *
     * @param maxBatch the most images one call may hold (1 for a batch-1 export), or 0 for any number
     * @param fallback another file with the same weights to use when this one is nowhere to be found
     *                 (an upstream batch-1 export), or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(
            String file,
            String sha256,
            long bytes,
            List<String> urls,
            @JsonProperty("max_batch") int maxBatch,
            Artifact fallback) {
        public Artifact {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }

        /** A file any batch size runs with, without a fallback. */
        public Artifact(String file, String sha256, long bytes, List<String> urls) {
            this(file, sha256, bytes, urls, 0, null);
        }
    }
}
