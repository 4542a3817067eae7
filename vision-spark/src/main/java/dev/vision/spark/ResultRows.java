package dev.vision.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Results as Spark rows with the fields of the CLI's JSON lines: the row is made from the very object the
 * JSON lines writer makes ({@link ResultJson}), so names, order and rounding are the same; a row of an input
 * that could not be read has only {@code source} and {@code error}.
 */
final class ResultRows {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResultJson JSON = new ResultJson(MAPPER);

    private static final StructType DETECTION = new StructType(new StructField[] {
        field("label", DataTypes.StringType), field("class_id", DataTypes.IntegerType),
        field("score", DataTypes.DoubleType), field("box", new ArrayType(DataTypes.DoubleType, false))
    });
    private static final StructType CLASS = new StructType(new StructField[] {
        field("label", DataTypes.StringType),
        field("class_id", DataTypes.IntegerType),
        field("score", DataTypes.DoubleType)
    });
    private static final StructType TIMINGS = new StructType(new StructField[] {
        field("preprocess", DataTypes.DoubleType),
        field("inference", DataTypes.DoubleType),
        field("postprocess", DataTypes.DoubleType)
    });

    private ResultRows() {}

    /** The schema of a classify or detect job's rows. */
    static StructType schema(ModelFamily.Task task) {
        return new StructType(new StructField[] {
            field("source", DataTypes.StringType),
            field("stream", DataTypes.IntegerType),
            field("frame", DataTypes.LongType),
            field("timestamp_ms", DataTypes.LongType),
            field("width", DataTypes.IntegerType),
            field("height", DataTypes.IntegerType),
            task == ModelFamily.Task.CLASSIFY
                    ? field("classes", new ArrayType(CLASS, false))
                    : field("detections", new ArrayType(DETECTION, false)),
            field("timings_ms", TIMINGS),
            field("error", DataTypes.StringType)
        });
    }

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }

    static Row of(FrameResult result, ModelFamily.Task task) {
        JsonNode o = JSON.toJson(result);
        List<Row> items = new ArrayList<>();
        if (task == ModelFamily.Task.CLASSIFY) {
            for (JsonNode c : o.path("classes")) {
                items.add(RowFactory.create(
                        c.get("label").asText(),
                        c.get("class_id").asInt(),
                        c.get("score").asDouble()));
            }
        } else {
            for (JsonNode d : o.path("detections")) {
                JsonNode b = d.get("box");
                items.add(RowFactory.create(
                        d.get("label").asText(),
                        d.get("class_id").asInt(),
                        d.get("score").asDouble(),
                        scala(new Double[] {
                            b.get(0).asDouble(),
                            b.get(1).asDouble(),
                            b.get(2).asDouble(),
                            b.get(3).asDouble()
                        })));
            }
        }
        JsonNode t = o.get("timings_ms");
        return RowFactory.create(
                o.get("source").asText(),
                o.get("stream").asInt(),
                o.get("frame").asLong(),
                o.get("timestamp_ms").asLong(),
                o.get("width").asInt(),
                o.get("height").asInt(),
                scala(items.toArray()),
                RowFactory.create(
                        t.get("preprocess").asDouble(),
                        t.get("inference").asDouble(),
                        t.get("postprocess").asDouble()),
                null);
    }

    static Row error(String source, String reason) {
        return RowFactory.create(source, 0, 0L, 0L, null, null, null, null, reason);
    }

    /** Spark's row encoder takes Scala sequences for arrays. */
    private static Object scala(Object[] values) {
        return CollectionConverters.asScala(Arrays.asList(values)).toSeq();
    }
}
