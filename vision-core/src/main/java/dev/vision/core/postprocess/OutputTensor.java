package dev.vision.core.postprocess;

import java.util.Arrays;

/** A model output copied to the Java heap: row-major floats and their shape. Engine-independent. */
public final class OutputTensor {

    private final float[] data;
    private final long[] shape;

    public OutputTensor(float[] data, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        shape = shape.clone();
        this.data = data;
        this.shape = shape;
    }

    public float[] data() {
        return data;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    /** Number of floats per item of the leading (batch) dimension. */
    public int itemSize() {
        return shape[0] == 0 ? 0 : data.length / (int) shape[0];
    }

    @Override
    public String toString() {
        return "OutputTensor" + Arrays.toString(shape);
    }
}
