package dev.vision.serve.run;

/** What the cores of a density run were busy with; Java threads are sorted by the start of their names. */
public enum CoreJob {
    DECODE("decode", "decode", "vision-source", "vision-capture", "vision-decode"),
    MODEL("model", "model", "vision-worker", "vision-density-run"),
    TRACK_AND_OUTPUT("track", "track, events and outputs", "vision-output", "vision-events"),
    ENCODE("encode", "encode", "vision-encoder"),
    SERVE("serve", "serve", "qtp", "vision-serve", "Jetty"),
    OTHER_JAVA("other_java", "other Java threads (GC, compiler)"),
    /** CPU time of this process no Java thread accounts for: the model's intra-op threads, the codecs'. */
    NATIVE("native", "native threads (model intra-op, codecs)"),
    /** The loopback cameras' own ffmpeg processes. */
    CAMERAS("cameras", "the loopback cameras (ffmpeg)");

    private final String id;
    private final String label;
    private final String[] threadPrefixes;

    CoreJob(String id, String label, String... threadPrefixes) {
        this.id = id;
        this.label = label;
        this.threadPrefixes = threadPrefixes;
    }

    /** Its key in {@code --json}. */
    public String id() {
        return id;
    }

    /** Its name in the printed figures. */
    public String label() {
        return label;
    }

    /** The job of a Java thread of this name: {@link #OTHER_JAVA} for one no prefix names. */
    static CoreJob ofThread(String threadName) {
        for (CoreJob job : values()) {
            for (String prefix : job.threadPrefixes) {
                if (threadName.startsWith(prefix)) {
                    return job;
                }
            }
        }
        return OTHER_JAVA;
    }
}
