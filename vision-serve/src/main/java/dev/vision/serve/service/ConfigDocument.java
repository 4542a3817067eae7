package dev.vision.serve.service;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.analytics.ZoneCounter;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Mask;
import dev.vision.core.geometry.MaskKind;
import dev.vision.core.geometry.MaskStyle;
import dev.vision.core.geometry.Point;
import dev.vision.core.geometry.Zone;
import dev.vision.core.privacy.Privacy;
import dev.vision.core.run.OutputPlan;
import dev.vision.core.track.TrackerKind;
import dev.vision.serve.store.RetainPolicy;
import dev.vision.serve.store.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration file as written (YAML or JSON), and what it says once validated. Validation is of the whole
 * file at once: the JSON Schema ({@link #SCHEMA_RESOURCE}, served at {@code /api/config/schema.json}), then what
 * a schema cannot say (camera names used twice, a line and a zone of one name, a zone whose edges cross, an
 * unset {@code ${VARIABLE}}). Every problem is reported with its line and column. The text keeps its
 * {@code ${VARIABLE}}s: they are replaced only in the {@link ServiceConfig}, so secrets are never written back.
 */
public final class ConfigDocument {

    /** The JSON Schema of the file, on the classpath. */
    public static final String SCHEMA_RESOURCE = "/dev/vision/serve/service/config.schema.json";

    /** Where a key starts and where its value starts, in the location map. */
    private static final String KEY = "k:";

    private static final String VALUE = "v:";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private static final Schema SCHEMA = loadSchema();

    private final ObjectNode tree;
    private final ServiceConfig config;

    private ConfigDocument(ObjectNode tree, ServiceConfig config) {
        this.tree = tree;
        this.config = config;
    }

    /** The schema's text. */
    public static String schemaText() {
        try (InputStream in = ConfigDocument.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema loadSchema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(ConfigDocument.class.getResourceAsStream(SCHEMA_RESOURCE));
    }

    /**
     * Reads and validates a configuration.
     *
     * @param fileName how problems name the file
     * @param baseDir the folder relative paths in it are taken from
     * @param environment where {@code ${VARIABLE}}s are looked up
     * @throws ConfigInvalidException with every problem, each with its line and column
     */
    public static ConfigDocument parse(String text, String fileName, Path baseDir, Map<String, String> environment)
            throws ConfigInvalidException {
        Map<String, JsonLocation> locations = new HashMap<>();
        JsonNode read;
        try {
            read = readWithLocations(text, locations);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigInvalidException(List.of(new ConfigProblem(
                    fileName,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "",
                    e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode tree = read instanceof ObjectNode o ? o : YAML.createObjectNode();
        Checker checker = new Checker(fileName, locations);
        if (!(read instanceof ObjectNode) && read != null && !read.isMissingNode()) {
            checker.problem(JsonPointer.empty(), "the file must be a mapping (cameras:, outputs:, server:)");
        }
        offIsAWord(tree);
        for (Error error : SCHEMA.validate(tree)) {
            checker.schemaProblem(error);
        }
        checker.names(tree);
        checker.throwIfAny();
        ServiceConfig config = checker.build(tree, baseDir, environment);
        checker.throwIfAny();
        return new ConfigDocument(tree, config);
    }

    /**
     * YAML 1.1 reads a bare {@code off} as {@code false}; {@code record: off} means the word, so it is put back
     * (and written back) as the word.
     */
    private static void offIsAWord(ObjectNode tree) {
        List<JsonNode> holders = new ArrayList<>();
        holders.add(tree.path("defaults"));
        tree.path("cameras").forEach(holders::add);
        for (JsonNode holder : holders) {
            if (holder instanceof ObjectNode o
                    && o.path("record").isBoolean()
                    && !o.path("record").asBoolean()) {
                o.put("record", "off");
            }
        }
    }

    /** Validates a tree (from the API), as {@link #parse} validates a file. */
    public static ConfigDocument of(ObjectNode tree, String fileName, Path baseDir, Map<String, String> environment)
            throws ConfigInvalidException {
        return parse(toYaml(tree), fileName, baseDir, environment);
    }

    /** What the file says, validated, with variables replaced. */
    public ServiceConfig config() {
        return config;
    }

    /** A copy of the file's content as a tree, variables as written. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The content as YAML, variables as written (what is written back to the file). */
    public String yaml() {
        return toYaml(tree);
    }

    /** A copy whose camera entry {@code name} went through {@code change}; the copy is not yet validated. */
    public ObjectNode withCamera(String name, UnaryOperator<ObjectNode> change) {
        ObjectNode copy = tree();
        ArrayNode cameras = copy.withArray("/cameras");
        for (int i = 0; i < cameras.size(); i++) {
            if (cameras.get(i) instanceof ObjectNode camera
                    && name.equals(camera.path("name").asText())) {
                ObjectNode changed = change.apply(camera.deepCopy());
                if (changed == null) {
                    cameras.remove(i);
                } else {
                    cameras.set(i, changed);
                }
                return copy;
            }
        }
        throw new IllegalArgumentException("no camera named " + name);
    }

    private static String toYaml(ObjectNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the text as a tree and notes where each value (and each key) starts, by JSON pointer. */
    private static JsonNode readWithLocations(String text, Map<String, JsonLocation> locations) throws IOException {
        YAMLFactory factory = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        try (JsonParser scan = factory.createParser(text)) {
            for (JsonToken t = scan.nextToken(); t != null; t = scan.nextToken()) {
                JsonStreamContext ctx = scan.getParsingContext();
                boolean opens = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                JsonStreamContext holder = opens && ctx.getParent() != null ? ctx.getParent() : ctx;
                if (opens && ctx.getParent() == null) {
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String kind = t == JsonToken.FIELD_NAME ? KEY : VALUE;
                locations.putIfAbsent(kind + holder.pathAsPointer(), scan.currentTokenLocation());
            }
        }
        if (text.isBlank()) {
            return YAML.createObjectNode();
        }
        try (JsonParser parser = factory.createParser(text)) {
            JsonNode node = mapper.readTree(parser);
            return node == null ? YAML.createObjectNode() : node;
        }
    }

    /** Gathers problems with their places, and turns a valid tree into a {@link ServiceConfig}. */
    private static final class Checker {
        private final String fileName;
        private final Map<String, JsonLocation> locations;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Checker(String fileName, Map<String, JsonLocation> locations) {
            this.fileName = fileName;
            this.locations = locations;
        }

        void throwIfAny() throws ConfigInvalidException {
            if (!problems.isEmpty()) {
                problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : 0);
                throw new ConfigInvalidException(problems);
            }
        }

        void schemaProblem(Error error) {
            JsonPointer at = pointer(error.getInstanceLocation());
            String keyword = error.getKeyword();
            String reason = error.getMessage();
            // The validator's message starts with the instance path ("$.cameras[0]: ..."): the setting says it.
            int colon = reason.indexOf(": ");
            if (reason.startsWith("$") && colon > 0) {
                reason = reason.substring(colon + 2);
            }
            if ("additionalProperties".equals(keyword) && error.getProperty() != null) {
                problem(at.appendProperty(error.getProperty()), "unknown setting '" + error.getProperty() + "'", KEY);
                return;
            }
            if ("pattern".equals(keyword)
                    && "name".equals(at.last() == null ? "" : at.last().getMatchingProperty())) {
                reason = "'" + error.getInstanceNode().asText()
                        + "' is not a name: letters, digits, _ . - (not first: .), at most 64";
            }
            problem(at, reason);
        }

        void problem(JsonPointer at, String reason) {
            problem(at, reason, VALUE);
        }

        /** A problem at {@code at}: at its value, or its key ({@code prefer}), or the nearest enclosing one. */
        void problem(JsonPointer at, String reason, String prefer) {
            JsonLocation where = null;
            for (JsonPointer p = at; p != null && where == null; p = p.head()) {
                where = locations.get(prefer + p);
                if (where == null) {
                    where = locations.get((prefer.equals(KEY) ? VALUE : KEY) + p);
                }
            }
            problems.add(new ConfigProblem(
                    fileName,
                    where == null ? 1 : where.getLineNr(),
                    where == null ? 1 : where.getColumnNr(),
                    settingPath(at),
                    reason));
        }

        private static JsonPointer pointer(NodePath path) {
            JsonPointer p = JsonPointer.empty();
            for (int i = 0; i < path.getNameCount(); i++) {
                Object element = path.getElement(i);
                p = element instanceof Integer index ? p.appendIndex(index) : p.appendProperty(element.toString());
            }
            return p;
        }

        /** {@code /cameras/2/lines/0/points} as {@code cameras[2].lines[0].points}. */
        static String settingPath(JsonPointer at) {
            StringBuilder s = new StringBuilder();
            for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
                if (p.mayMatchElement()) {
                    s.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    if (s.length() > 0) {
                        s.append('.');
                    }
                    s.append(p.getMatchingProperty());
                }
            }
            return s.toString();
        }

        /** Names used twice: cameras, and a camera's lines and zones together. Safe on a tree that failed. */
        void names(ObjectNode tree) {
            Set<String> cameraNames = new HashSet<>();
            JsonNode list = tree.path("cameras");
            for (int i = 0; i < list.size(); i++) {
                JsonNode camera = list.get(i);
                JsonPointer at = JsonPointer.compile("/cameras/" + i);
                String name = camera.path("name").asText();
                if (camera.path("name").isTextual() && !cameraNames.add(name)) {
                    problem(at.appendProperty("name"), "the camera name '" + name + "' is used twice");
                }
                Set<String> shapeNames = new HashSet<>();
                for (String kind : List.of("lines", "zones")) {
                    JsonNode shapes = camera.path(kind);
                    for (int j = 0; j < shapes.size(); j++) {
                        JsonNode shapeName = shapes.get(j).path("name");
                        if (shapeName.isTextual() && !shapeNames.add(shapeName.asText())) {
                            problem(
                                    at.appendProperty(kind).appendIndex(j).appendProperty("name"),
                                    "the name '" + shapeName.asText() + "' is used twice in camera " + name
                                            + " (its lines and zones need distinct names)");
                        }
                    }
                }
            }
        }

        private static RetainPolicy retain(JsonNode node) {
            return new RetainPolicy(days(node, "events_days"), days(node, "clips_days"), days(node, "max_gb"));
        }

        private static OptionalDouble days(JsonNode node, String field) {
            return node.has(field) ? OptionalDouble.of(node.path(field).asDouble()) : OptionalDouble.empty();
        }

        ServiceConfig build(ObjectNode tree, Path baseDir, Map<String, String> environment) {
            JsonNode defaults = tree.path("defaults");
            Map<String, CameraConfig> cameras = new LinkedHashMap<>();
            Map<String, RetainPolicy> retained = new LinkedHashMap<>();
            JsonNode list = tree.path("cameras");
            for (int i = 0; i < list.size(); i++) {
                JsonNode camera = list.get(i);
                JsonPointer at = JsonPointer.compile("/cameras/" + i);
                if (camera.has("retain")) {
                    retained.put(camera.path("name").asText(), retain(camera.path("retain")));
                }
                cameras.put(camera.path("name").asText(), camera(camera, defaults, at, environment));
            }
            JsonNode outputs = tree.path("outputs");
            List<OutputPlan.EventTarget> targets = new ArrayList<>();
            if (outputs.has("mqtt")) {
                JsonNode m = outputs.path("mqtt");
                targets.add(OutputPlan.EventTarget.Mqtt.parse(
                        text(m.path("url"), JsonPointer.compile("/outputs/mqtt/url"), environment),
                        m.path("topic").asText("vision"),
                        optionalText(m, "user", JsonPointer.compile("/outputs/mqtt/user"), environment),
                        optionalText(m, "password", JsonPointer.compile("/outputs/mqtt/password"), environment)));
            }
            JsonNode hooks = outputs.path("webhooks");
            for (int i = 0; i < hooks.size(); i++) {
                targets.add(OutputPlan.EventTarget.Webhook.parse(
                        text(hooks.get(i), JsonPointer.compile("/outputs/webhooks/" + i), environment)));
            }
            JsonNode server = tree.path("server");
            String listen = server.path("listen").asText("127.0.0.1:8080");
            int colon = listen.lastIndexOf(':');
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (port > 65535) {
                problem(JsonPointer.compile("/server/listen"), "the port must be 0 to 65535, got " + port);
            }
            Path data =
                    baseDir.resolve(server.path("data").asText("vision-data")).normalize();
            Path token =
                    data.resolve(server.path("token_file").asText("api-token")).normalize();
            if (!token.startsWith(data)) {
                problem(JsonPointer.compile("/server/token_file"), "must lie inside the data folder " + data);
            }
            Duration stall = Duration.ofMillis(
                    Math.round(1000 * server.path("stall_timeout_s").asDouble(20)));
            String historyText = server.path("history").asText("history.db");
            StoreLocation history = historyText.startsWith("jdbc:")
                    ? StoreLocation.parse(historyText)
                    : StoreLocation.file(data.resolve(historyText).normalize());
            return new ServiceConfig(
                    cameras,
                    new ServiceConfig.Retain(retain(tree.path("retain")), retained),
                    new ServiceConfig.Outputs(targets),
                    new ServiceConfig.Server(listen.substring(0, colon), port, data, token, stall, history));
        }

        private CameraConfig camera(JsonNode camera, JsonNode defaults, JsonPointer at, Map<String, String> env) {
            String name = camera.path("name").asText();
            List<Line> lines = new ArrayList<>();
            List<Zone> zones = new ArrayList<>();
            JsonNode lineList = camera.path("lines");
            for (int j = 0; j < lineList.size(); j++) {
                JsonNode line = lineList.get(j);
                JsonPointer lineAt = at.appendProperty("lines").appendIndex(j);
                String lineName = line.path("name").asText();
                List<Point> points = points(line.path("points"));
                try {
                    lines.add(new Line(lineName, points.get(0), points.get(1)));
                } catch (InvalidSettingException e) {
                    problem(lineAt.appendProperty("points"), e.problem());
                }
            }
            JsonNode zoneList = camera.path("zones");
            for (int j = 0; j < zoneList.size(); j++) {
                JsonNode zone = zoneList.get(j);
                JsonPointer zoneAt = at.appendProperty("zones").appendIndex(j);
                String zoneName = zone.path("name").asText();
                try {
                    Zone z = new Zone(
                            zoneName,
                            points(zone.path("points")),
                            zone.has("loiter_s")
                                    ? Optional.of(Duration.ofMillis(Math.round(
                                            1000 * zone.path("loiter_s").asDouble())))
                                    : Optional.empty());
                    new ZoneCounter(z, Anchor.CENTER); // refuses crossing edges and an empty polygon
                    zones.add(z);
                } catch (InvalidSettingException e) {
                    problem(zoneAt.appendProperty("points"), e.problem());
                }
            }
            List<Mask> masks = new ArrayList<>();
            JsonNode maskList = camera.path("masks");
            for (int j = 0; j < maskList.size(); j++) {
                JsonNode mask = maskList.get(j);
                JsonPointer maskAt = at.appendProperty("masks").appendIndex(j);
                try {
                    Mask m = new Mask(
                            mask.path("name").asText(),
                            points(mask.path("points")),
                            MaskKind.parse(mask.path("kind").asText(MaskKind.PRIVACY.id())),
                            MaskStyle.parse(mask.path("style").asText(MaskStyle.BLACK.id())));
                    if (masks.stream().anyMatch(other -> other.name().equals(m.name()))) {
                        problem(maskAt.appendProperty("name"), m.name() + ": a mask of that name exists already");
                    } else {
                        masks.add(m);
                    }
                } catch (InvalidSettingException e) {
                    problem(maskAt.appendProperty("points"), e.problem());
                }
            }
            Set<String> blur = new LinkedHashSet<>();
            setting(camera, defaults, "blur").forEach(c -> blur.add(c.asText()));
            JsonNode classes = setting(camera, defaults, "classes");
            List<String> classNames = new ArrayList<>();
            classes.forEach(c -> classNames.add(c.asText()));
            JsonNode conf = setting(camera, defaults, "conf");
            JsonNode maxFps = setting(camera, defaults, "max_fps");
            return new CameraConfig(
                    name,
                    text(camera.path("url"), at.appendProperty("url"), env),
                    camera.path("enabled").asBoolean(true),
                    setting(camera, defaults, "model").asText(CameraConfig.DEFAULT_MODEL),
                    classNames,
                    conf.isNumber() ? OptionalDouble.of(conf.asDouble()) : OptionalDouble.empty(),
                    maxFps.isNumber() ? OptionalDouble.of(maxFps.asDouble()) : OptionalDouble.empty(),
                    setting(camera, defaults, "motion").asBoolean(false),
                    setting(camera, defaults, "movements").asBoolean(false),
                    TrackerKind.valueOf(setting(camera, defaults, "tracker")
                            .asText("ocsort")
                            .toUpperCase(Locale.ROOT)),
                    RecordMode.parse(setting(camera, defaults, "record").asText("off")),
                    lines,
                    zones,
                    new Privacy(masks, blur));
        }

        private static JsonNode setting(JsonNode camera, JsonNode defaults, String key) {
            return camera.has(key) ? camera.get(key) : defaults.path(key);
        }

        private static List<Point> points(JsonNode list) {
            List<Point> points = new ArrayList<>();
            list.forEach(p -> points.add(new Point(p.get(0).asDouble(), p.get(1).asDouble())));
            return points;
        }

        private Optional<String> optionalText(JsonNode parent, String key, JsonPointer at, Map<String, String> env) {
            return parent.has(key) ? Optional.of(text(parent.get(key), at, env)) : Optional.empty();
        }

        /** A string setting with its {@code ${VARIABLE}}s replaced; an unset one is a problem. */
        private String text(JsonNode node, JsonPointer at, Map<String, String> env) {
            String raw = node instanceof TextNode t ? t.asText() : node.asText();
            Matcher m = VARIABLE.matcher(raw);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    problem(at, "the environment variable " + m.group(1) + " is not set");
                    value = "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
