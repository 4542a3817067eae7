package dev.vision.app;

import dev.vision.core.model.ModelDescriptor;
import dev.vision.core.model.ModelListing;
import dev.vision.core.model.ModelResolutionException;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vision models list|fetch NAME|verify}: what models exist, where they are, and whether they are intact. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the built-in models, fetch one into the cache, or verify the files found.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Fetch.class, ModelsCommand.Verify.class})
public final class ModelsCommand implements Runnable {

    @Override
    public void run() {
        new ListModels().call();
    }

    static ModelStore store() {
        return new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()));
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The built-in models and where their files are.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() {
            ModelListing.lines(store()).forEach(System.out::println);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = "Copy a model's files into the cache from a mirror or its URLs, verified.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A built-in model name, or 'all'.")
        String name;

        @Override
        public Integer call() {
            ModelStore store = store();
            List<ModelDescriptor> models;
            if (name.equals("all")) {
                models = store.list();
            } else {
                try {
                    models = List.of(store.require(name));
                } catch (ModelResolutionException e) {
                    System.err.println("vision: " + e.getMessage());
                    return ExitCodes.SETUP;
                }
            }
            int failures = 0;
            for (ModelDescriptor d : models) {
                for (var entry : d.artifacts()) {
                    ModelDescriptor.Artifact artifact = entry.getValue();
                    try {
                        Path p = store.resolve(d.name(), artifact, true);
                        System.out.println(d.name() + " " + entry.getKey() + ": " + p + " (sha256 ok)");
                    } catch (ModelResolutionException e) {
                        if (artifact.fallback() != null
                                && fetchFallback(store, d, entry.getKey(), artifact.fallback())) {
                            continue;
                        }
                        System.err.println("vision: " + e.getMessage());
                        failures++;
                    }
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.SETUP;
        }

        /** The upstream batch-1 file when the any-batch one is nowhere; says which it got. */
        private static boolean fetchFallback(
                ModelStore store, ModelDescriptor d, String what, ModelDescriptor.Artifact fallback) {
            try {
                Path p = store.resolve(d.name(), fallback, true);
                System.out.println(d.name() + " " + what + ": " + p + " (sha256 ok; the upstream file, batch "
                        + fallback.maxBatch() + " only)");
                return true;
            } catch (ModelResolutionException e) {
                return false;
            }
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check the sha256 of every model file in the cache, the bundled folder and mirrors.")
    static final class Verify implements Callable<Integer> {
        @Override
        public Integer call() {
            ModelStore store = store();
            ModelListing.Verification v = ModelListing.verify(store);
            v.lines().forEach(System.out::println);
            if (v.found() == 0) {
                System.err.println("vision: no model files found in the cache "
                        + store.config().cacheDir() + " or any mirror; set " + ModelStoreConfig.MIRROR_ENV
                        + " or run 'vision models fetch'");
                return ExitCodes.SETUP;
            }
            return v.bad() == 0 ? ExitCodes.OK : ExitCodes.SETUP;
        }
    }
}
