package dev.vision.core.run;

import ai.djl.util.cuda.CudaUtils;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.inference.DeviceRequest;

/** How many inference workers a run has: as many as asked, or vision's choice for the machine and the input. */
public final class InferenceWorkers {

    /** Below this many images, auto uses one worker: a second model load would cost more than it saves. */
    public static final int IMAGES_FOR_A_SECOND_WORKER = 16;

    private InferenceWorkers() {}

    /**
     * {@code N}, or for {@code auto} 2 on a CPU with at least 2 cores (measured fastest here for both engines,
     * see README) and 1 on a GPU, where one worker with larger batches keeps it busy, or for a few images.
     * Motion gating deals each stream to one worker (its background model must see the stream's frames in
     * order), so with motion {@code auto} gives no more workers than there are streams.
     *
     * @param spec       {@code auto} or a number from 1 to 64
     * @param motion     whether the run gates the model by motion
     * @param streams    the run's streams (sources read at once)
     * @param imageCount the run's images, or -1 for video
     * @throws InvalidSettingException (setting {@code workers}) for a spec that is neither
     */
    public static int choose(String spec, boolean motion, int streams, DeviceRequest device, int imageCount) {
        if (!spec.equalsIgnoreCase("auto")) {
            int n;
            try {
                n = Integer.parseInt(spec.trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("workers", "'" + spec + "' is not a number or auto");
            }
            if (n < 1 || n > 64) {
                throw new InvalidSettingException("workers", "must be between 1 and 64, got " + n);
            }
            return n;
        }
        if (imageCount >= 0 && imageCount < IMAGES_FOR_A_SECOND_WORKER) {
            return 1;
        }
        boolean gpu = device instanceof DeviceRequest.Gpu
                || (device instanceof DeviceRequest.Auto && CudaUtils.getGpuCount() > 0);
        int cpuWorkers = Math.min(2, Runtime.getRuntime().availableProcessors());
        return gpu ? 1 : motion ? Math.max(1, Math.min(cpuWorkers, streams)) : cpuWorkers;
    }
}
