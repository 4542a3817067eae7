/*
 * The range of every float tensor of a model over calibration inputs, for scripts/make_int8_qdq_probe.py:
 *   java -cp vision-app/target/vision-app.jar scripts/java/Int8Calibrate.java ALL_OUTPUTS.onnx INPUTS_DIR OUT.json [mean]
 * With "mean", each tensor's range is the mean of its per-image minima and maxima; without, the extremes.
 * A measurement tool (ONNX Runtime's Java API, as vision ships it), not part of the product.
 */
import ai.onnxruntime.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
public class Int8Calibrate { public static void main(String[] a) throws Exception {
  var env = OrtEnvironment.getEnvironment();
  Map<String, float[]> range = new TreeMap<>();
  try (var s = env.createSession(a[0], new OrtSession.SessionOptions())) {
    List<Path> inputs; try (var l = Files.list(Path.of(a[1]))) { inputs = l.sorted().toList(); }
    for (Path p : inputs) {
      byte[] b = Files.readAllBytes(p);
      FloatBuffer fb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      try (var t = OnnxTensor.createTensor(env, fb, new long[]{1, 3, 416, 416}); var r = s.run(Map.of("images", t))) {
        for (var e : r) {
          if (!(e.getValue() instanceof OnnxTensor ot) || ot.getInfo().type != OnnxJavaType.FLOAT) continue;
          FloatBuffer v = ot.getFloatBuffer();
          float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
          while (v.hasRemaining()) { float x = v.get(); lo = Math.min(lo, x); hi = Math.max(hi, x); }
          float[] cur = range.computeIfAbsent(e.getKey(), k -> new float[]{Float.MAX_VALUE, -Float.MAX_VALUE, 0, 0});
          cur[0] = Math.min(cur[0], lo); cur[1] = Math.max(cur[1], hi); cur[2] += lo; cur[3] += hi;
        }
      }
    }
    StringBuilder sb = new StringBuilder("{");
    boolean mean = a.length > 3 && a[3].equals("mean");
    for (var e : range.entrySet()) {
      float lo = mean ? e.getValue()[2] / inputs.size() : e.getValue()[0];
      float hi = mean ? e.getValue()[3] / inputs.size() : e.getValue()[1];
      if (sb.length() > 1) sb.append(",");
      sb.append("\"").append(e.getKey()).append("\":[").append(lo).append(",").append(hi).append("]");
    }
    Files.writeString(Path.of(a[2]), sb.append("}").toString());
    System.out.println(range.size() + " tensors over " + inputs.size() + " images");
  }
}}
