package dev.vision.spark;

import dev.vision.core.VisionException;
import dev.vision.core.capture.Sources;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.postprocess.DetectionFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vision spark classify|detect INPUT --output OUT}: the driver of a Spark job that runs vision's core
 * over every image (and, for detect, every video) under INPUT, any Hadoop-compatible path, and writes one
 * row per image or frame with the CLI's JSON lines fields, as Parquet or JSON lines. Local mode by default;
 * under spark-submit the master comes from spark-submit.
 */
@Command(
        name = "spark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run classify or detect as an Apache Spark job over a folder of images or videos.")
public final class VisionSpark implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "classify|detect", description = "What to run.")
    String task;

    @Parameters(
            index = "1",
            paramLabel = "INPUT",
            description = "A folder (read recursively) on any Hadoop path: "
                    + "/data/photos, hdfs://…, s3a://… (with its Hadoop connector on the class path).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "Where the rows go (a folder).")
    String output;

    @Option(
            names = "--format",
            defaultValue = "parquet",
            paramLabel = "parquet|json",
            description = "Parquet (default) or JSON lines.")
    String format;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "local[N] (default local[*]), spark://HOST:PORT, "
                    + "yarn or k8s://…; under spark-submit, leave it to spark-submit.")
    String master;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Repartition the images into N tasks (default: " + "Spark's file splits).")
    Integer partitions;

    @Option(
            names = "--batch",
            defaultValue = "8",
            paramLabel = "N",
            description = "Images per model call inside a task " + "(default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--glob", paramLabel = "PATTERN", description = "Only files whose name matches, e.g. '*.jpg'.")
    String glob;

    @Option(names = "--overwrite", description = "Replace an existing OUT.")
    boolean overwrite;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "Built-in model (default: yolox-nano for detect, " + "mobilenet-v2 for classify).")
    String model;

    @Option(
            names = "--engine",
            defaultValue = "auto",
            paramLabel = "auto|pytorch|onnxruntime",
            description = "Inference engine (default: ${DEFAULT-VALUE}, as for vision detect).")
    String engine;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            paramLabel = "cpu|gpu",
            description = "Where each executor runs its model (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "Intra-op threads of each task's "
                    + "model calls (default: 1, as an executor runs one task per core).")
    int threads;

    @Option(
            names = "--model-mirror",
            paramLabel = "PATHS",
            description = "Model folders or URLs, ':'-separated, that "
                    + "every executor can read (default: VISION_MODEL_MIRROR; local folders are made absolute).")
    String modelMirror;

    @Option(
            names = "--conf",
            defaultValue = "" + DetectionFilter.DEFAULT_CONFIDENCE,
            description = "detect: minimum score (default: ${DEFAULT-VALUE}).")
    float conf;

    @Option(
            names = "--iou",
            defaultValue = "" + DetectionFilter.DEFAULT_IOU,
            description = "detect: NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    float iou;

    @Option(
            names = "--max-det",
            defaultValue = "" + DetectionFilter.DEFAULT_MAX_DETECTIONS,
            description = "detect: most detections per image (default: " + "${DEFAULT-VALUE}).")
    int maxDetections;

    @Option(
            names = "--top-k",
            defaultValue = "5",
            description = "classify: classes per image (default: ${DEFAULT-VALUE}).")
    int topK;

    /** Whether a job ran to its end (with or without error rows): the launcher's class archive is then worth recording. */
    private boolean jobRan;

    private static final String FILE_OPEN_COST = "spark.sql.files.openCostInBytes";

    /**
     * What opening a file counts as when Spark packs files into tasks. Its default, 4 MB, made tasks of
     * about 30 photos of 100 KB, a third of a second of work each, and the fixed cost of a task (its Parquet
     * file, its scheduling) took a fifth of the job; at 256 KB a task is up to 128 MB of images, and Spark
     * still makes at least as many tasks as the cluster has cores (BENCHMARKS.md).
     */
    private static final long IMAGE_OPEN_COST_BYTES = 256 * 1024;

    /** Exit codes as the CLI's: 0 done, 1 some inputs were rows with an error, 2 setup error. */
    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int exit = cli.execute(args);
        if (cli.<VisionSpark>getCommand().jobRan) {
            ClassArchive.recordIfAsked();
        }
        System.exit(exit);
    }

    /** The command with vision's exit codes: a setting or input problem is one line and 2, a bug 3. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VisionSpark());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("vision: " + (e instanceof VisionException ? e.getMessage() : e.toString()));
            return e instanceof VisionException ? 2 : 3;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        ModelFamily.Task kind = switch (task) {
            case "classify" -> ModelFamily.Task.CLASSIFY;
            case "detect" -> ModelFamily.Task.DETECT;
            default -> throw new VisionException("spark: the task is classify or detect, not '" + task + "'");
        };
        if (!format.equals("parquet") && !format.equals("json")) {
            throw new VisionException("--format " + format + ": parquet or json");
        }
        if (batch < 1 || batch > 1024) {
            throw new VisionException("--batch must be between 1 and 1024, got " + batch);
        }
        if (master != null
                && !master.matches("local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]"
                        + "|spark://\\S+|yarn|k8s://\\S+")) {
            throw new VisionException("--master " + master
                    + ": not a Spark master (local[N], local[*], spark://HOST:PORT, " + "yarn or k8s://URL)");
        }
        if (master != null && master.startsWith("spark://")) {
            checkReachable(master);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("vision " + task);
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        long started = System.nanoTime();
        try (SparkSession spark = builder.getOrCreate()) {
            spark.sparkContext().setLogLevel("WARN");
            if (!spark.sparkContext().getConf().contains(FILE_OPEN_COST)) {
                spark.conf().set(FILE_OPEN_COST, IMAGE_OPEN_COST_BYTES);
            }
            Path out = new Path(output);
            FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(out) && !overwrite) {
                throw new VisionException("--output " + output + ": exists (give --overwrite to replace it)");
            }
            Path in = new Path(input);
            if (!in.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(in)) {
                throw new VisionException(input + ": no such file or folder");
            }
            // one intra-op thread per task slot unless told: the executor's tasks run side by side
            int threadsEach = threads > 0 ? threads : 1;
            JobSettings settings = new JobSettings(
                    new JobSettings.ModelKey(
                            kind,
                            model != null ? model : kind == ModelFamily.Task.CLASSIFY ? "mobilenet-v2" : "yolox-nano",
                            engine,
                            device,
                            threadsEach,
                            topK,
                            conf,
                            iou,
                            maxDetections,
                            mirrors()),
                    batch);
            boolean local = spark.sparkContext().isLocal();
            if (local) { // this JVM is the executor: its models load while Spark lists the input
                ExecutorModels.preload(settings.model(), localTaskSlots(spark));
            }
            Dataset<Row> rows = images(spark, settings);
            if (kind == ModelFamily.Task.DETECT) {
                rows = rows.unionByName(videos(spark, settings));
            }
            if (local) { // a model that cannot load is one line and exit 2, before any task starts
                ExecutorModels.awaitPreloaded(settings.model());
            }
            // Spark's commit protocol: OUT is complete (with _SUCCESS) only once every task has committed
            long jobStart = System.nanoTime();
            try {
                rows.write()
                        .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                        .format(format)
                        .save(output);
            } catch (RuntimeException e) {
                if (!fs.exists(new Path(out, "_SUCCESS"))) {
                    fs.delete(out, true); // a failed job leaves no folder that would block the next run
                }
                throw e;
            }
            int exit = summary(spark, kind, started, (System.nanoTime() - jobStart) / 1e9);
            jobRan = true;
            return exit;
        }
    }

    /**
     * A standalone master that no address answers at is one line within seconds, not a minute of retries and a
     * NullPointerException. {@code spark://HOST:PORT[,HOST:PORT…]} (several: standby masters).
     */
    static void checkReachable(String master) {
        List<String> tried = new ArrayList<>();
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : address;
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 7077;
            } catch (NumberFormatException e) {
                throw new VisionException("--master " + master + ": '" + address + "' is not HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), MASTER_CONNECT_MS);
                return;
            } catch (UnknownHostException e) {
                tried.add(host + ": no such host");
            } catch (IOException e) {
                tried.add(host + ":" + port + ": "
                        + (e instanceof SocketTimeoutException
                                ? "no answer within " + MASTER_CONNECT_MS / 1000 + " s"
                                : String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)));
            }
        }
        throw new VisionException("--master " + master + ": cannot reach the master (" + String.join("; ", tried)
                + "); is it started, and is the address the one its log gives?");
    }

    private static final int MASTER_CONNECT_MS = 5_000;

    /** How many tasks a local master runs at once: its threads divided by the cores a task takes. */
    private static int localTaskSlots(SparkSession spark) {
        int cpusPerTask = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
        return Math.max(1, spark.sparkContext().defaultParallelism() / Math.max(1, cpusPerTask));
    }

    /** --model-mirror or VISION_MODEL_MIRROR, with local folders made absolute: executors run elsewhere. */
    private List<String> mirrors() {
        String given = modelMirror != null ? modelMirror : System.getenv().getOrDefault("VISION_MODEL_MIRROR", "");
        return ModelStoreConfig.splitMirrors(given).stream()
                .map(m -> m.contains("://")
                        ? m
                        : java.nio.file.Path.of(m).toAbsolutePath().normalize().toString())
                .toList();
    }

    /**
     * The paths of the input files with these extensions, dangling links among them (which Hadoop's listing
     * leaves out) included, so that each becomes an error row.
     */
    private Dataset<Row> paths(SparkSession spark, Set<String> extensions) {
        String pattern = namePattern(extensions);
        Dataset<Row> listed = spark.read()
                .format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", pattern)
                .load(input)
                .select("path");
        List<String> dangling = DanglingLinks.under(input, pattern);
        return dangling.isEmpty()
                ? listed
                : listed.union(spark.createDataset(dangling, Encoders.STRING()).toDF("path"));
    }

    private String namePattern(Set<String> extensions) {
        return glob != null
                ? glob
                : "*.{"
                        + String.join(
                                ",",
                                extensions.stream()
                                        .sorted()
                                        .flatMap(e -> Stream.of(e, e.toUpperCase(Locale.ROOT)))
                                        .toList())
                        + "}";
    }

    private Dataset<Row> images(SparkSession spark, JobSettings settings) {
        // the paths alone: each task reads its files, so that one it cannot read is an error row, not a failed job
        Dataset<Row> files = paths(spark, Sources.IMAGE_EXTENSIONS);
        if (partitions != null) {
            files = files.repartition(partitions);
        }
        return files.mapPartitions(
                new ImageTask(settings),
                Encoders.row(ResultRows.schema(settings.model().task())));
    }

    /** One task per video: the paths alone are read here; each task reads its video with FFmpeg. */
    private Dataset<Row> videos(SparkSession spark, JobSettings settings) {
        if (glob != null
                && Sources.VIDEO_EXTENSIONS.stream()
                        .noneMatch(e -> glob.toLowerCase(Locale.ROOT).endsWith(e))) {
            return spark.createDataFrame(List.of(), ResultRows.schema(ModelFamily.Task.DETECT));
        }
        List<Row> paths = paths(spark, Sources.VIDEO_EXTENSIONS).collectAsList();
        if (paths.isEmpty()) {
            return spark.createDataFrame(List.of(), ResultRows.schema(ModelFamily.Task.DETECT));
        }
        return spark.createDataFrame(paths, new StructType().add("path", "string"))
                .repartition(paths.size())
                .mapPartitions(new VideoTask(settings), Encoders.row(ResultRows.schema(ModelFamily.Task.DETECT)));
    }

    /** Reads back what was committed and says what it holds; exit 1 when some inputs were errors. */
    private int summary(SparkSession spark, ModelFamily.Task kind, long started, double jobSeconds) {
        Dataset<Row> written =
                spark.read().schema(ResultRows.schema(kind)).format(format).load(output);
        written.cache();
        long all = written.count();
        long errors = written.filter(functions.col("error").isNotNull()).count();
        Dataset<Row> labels = switch (kind) {
            case CLASSIFY ->
                written.filter(functions.size(functions.col("classes")).gt(0))
                        .select(functions
                                .col("classes")
                                .getItem(0)
                                .getField("label")
                                .as("label"));
            case DETECT ->
                written.select(functions.explode(functions.col("detections")).as("d"))
                        .select(functions.col("d.label").as("label"));
        };
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : labels.groupBy("label").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String unit = switch (kind) {
            case CLASSIFY -> "image(s)";
            case DETECT -> "image(s) or frame(s)";
        };
        System.err.printf(
                Locale.ROOT,
                "Done: %d %s, %d error(s) in %.1f s (%.1f per second; the job itself %.1f s, " + "%.1f per second).%n",
                all,
                unit,
                errors,
                seconds,
                all / seconds,
                jobSeconds,
                all / jobSeconds);
        System.err.println((kind == ModelFamily.Task.CLASSIFY ? "Top-1 classes: " : "Detections: ")
                + (counts.isEmpty()
                        ? "none"
                        : counts.entrySet().stream()
                                .sorted(Map.Entry.<String, Long>comparingByValue()
                                        .reversed())
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(kind == ModelFamily.Task.CLASSIFY ? "; " : ", ")))
                + ".");
        System.err.println("Results: " + output + " (" + format + ")");
        written.unpersist();
        return errors > 0 ? 1 : 0;
    }
}
