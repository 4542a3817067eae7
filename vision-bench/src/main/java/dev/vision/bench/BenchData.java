package dev.vision.bench;

/** Where the benchmarks find the shared media: VISION_TEST_MEDIA, or ../shared/media. */
final class BenchData {

    private BenchData() {}

    static String media() {
        String env = System.getenv("VISION_TEST_MEDIA");
        return env != null && !env.isBlank() ? env : "../shared/media";
    }
}
