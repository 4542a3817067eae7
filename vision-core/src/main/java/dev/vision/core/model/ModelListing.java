package dev.vision.core.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a model store holds, as a person reads it: the models, where each file comes from, and their checks. */
public final class ModelListing {

    /** The lines of a verification, and how many files were found and how many of them are bad. */
    public record Verification(List<String> lines, int found, int bad) {}

    private ModelListing() {}

    /** The models, then each file and where it comes from now, then the store's places. */
    public static List<String> lines(ModelStore store) {
        List<String> out = new ArrayList<>();
        String row = "%-18s %-9s %-15s %-20s %-10s %s";
        out.add(String.format(Locale.ROOT, row, "NAME", "TASK", "FAMILY", "ENGINES", "DEVICES", "LICENCE"));
        for (ModelDescriptor d : store.list()) {
            out.add(String.format(
                    Locale.ROOT,
                    row,
                    d.name(),
                    d.task(),
                    d.family(),
                    String.join(",", d.files().keySet().stream().sorted().toList()),
                    String.join(",", d.devices()),
                    d.licence()));
        }
        out.add("");
        out.add("files (where each comes from now: cache, bundled, mirror, download, or missing):");
        for (ModelDescriptor d : store.list()) {
            for (var entry : d.artifacts()) {
                ModelDescriptor.Artifact a = entry.getValue();
                String where = store.where(a);
                if (where.equals("missing") && a.fallback() != null) {
                    where = "missing; fallback " + a.fallback().file() + " (batch "
                            + a.fallback().maxBatch() + "): " + store.where(a.fallback());
                }
                out.add(String.format(
                        Locale.ROOT, "  %-18s %-12s %-44s %s", d.name(), entry.getKey(), a.file(), where));
            }
        }
        out.add("");
        out.add("cache:   " + store.config().cacheDir());
        out.add("bundled: "
                + (store.config().bundledDir() == null
                        ? "(none)"
                        : store.config().bundledDir()));
        out.add("mirrors: "
                + (store.config().mirrors().isEmpty()
                        ? "(none; set " + ModelStoreConfig.MIRROR_ENV + ")"
                        : String.join(", ", store.config().mirrors())));
        return out;
    }

    /** The sha256 of every model file on this machine: the cache, the bundled folder and mirror folders. */
    public static Verification verify(ModelStore store) {
        List<String> lines = new ArrayList<>();
        int bad = 0;
        int found = 0;
        for (ModelDescriptor d : store.list()) {
            for (var entry : d.artifacts()) {
                for (Path p : store.localPlaces(entry.getValue())) {
                    if (!Files.isRegularFile(p)) {
                        continue;
                    }
                    found++;
                    FileCheck check = ModelStore.verify(p, entry.getValue());
                    if (check.ok()) {
                        lines.add("ok       " + d.name() + " " + entry.getKey() + " " + p);
                    } else {
                        lines.add("BAD      " + d.name() + " " + entry.getKey() + " " + p + ": " + check.reason());
                        bad++;
                    }
                }
            }
        }
        return new Verification(lines, found, bad);
    }
}
