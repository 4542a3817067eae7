package dev.vision.serve.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.track.TrackerKind;
import dev.vision.serve.store.RetainPolicy;
import dev.vision.serve.store.StoreLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {

    private static final Path HERE = Path.of("/srv/vision");

    @Test
    void everyProblemOfAFileIsReportedWithItsLineColumnAndSetting() {
        String text = String.join(
                "\n",
                "cameras:", // 1
                "  - name: door", // 2
                "    url: http://127.0.0.1:1/a.mjpg", // 3
                "    colour: red", // 4: unknown key
                "    conf: high", // 5: wrong type
                "  - name: door", // 6: duplicate
                "    url: http://127.0.0.1:1/b.mjpg", // 7
                "    lines:", // 8
                "      - name: gate", // 9
                "        points: [[0, 10]]", // 10: one point
                "");
        ConfigInvalidException e = assertThrows(
                ConfigInvalidException.class, () -> ConfigDocument.parse(text, "site.yaml", HERE, Map.of()));
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("site.yaml:4:5: cameras[0].colour: unknown setting")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("site.yaml:5:11: cameras[0].conf: ")), lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("site.yaml:10:17: cameras[1].lines[0].points: ")),
                lines.toString());
        assertTrue(
                lines.contains("site.yaml:6:11: cameras[1].name: the camera name 'door' is used twice"),
                lines.toString());
        assertEquals(4, lines.size(), lines.toString());

        String duplicate = "cameras:\n  - name: door\n    url: a.mp4\n  - name: door\n    url: b.mp4\n";
        ConfigInvalidException dup = assertThrows(
                ConfigInvalidException.class, () -> ConfigDocument.parse(duplicate, "site.yaml", HERE, Map.of()));
        assertEquals(
                "site.yaml:4:11: cameras[1].name: the camera name 'door' is used twice",
                dup.problems().get(0).toString());
    }

    @Test
    void defaultsFillWhatACameraLeavesOutAndVariablesAreReplacedButNotWrittenBack() throws Exception {
        String text = String.join(
                "\n",
                "defaults:",
                "  conf: 0.3",
                "  tracker: bytetrack",
                "cameras:",
                "  - name: yard",
                "    url: rtsp://viewer:${CAM_PASSWORD}@10.0.0.5/stream",
                "    classes: [person, car]",
                "    record: events",
                "    zones:",
                "      - name: bay",
                "        points: [[0, 0], [100, 0], [100, 80]]",
                "  - name: gate",
                "    url: gate.mp4",
                "    conf: 0.5",
                "    record: off",
                "    enabled: false",
                "    retain: {events_days: 2}",
                "retain:",
                "  events_days: 90",
                "  clips_days: 14",
                "  max_gb: 50",
                "server:",
                "  history: jdbc:postgresql://db.local/vision?user=vision&password=hunter2",
                "");
        ConfigDocument doc = ConfigDocument.parse(text, "site.yaml", HERE, Map.of("CAM_PASSWORD", "s3cret"));
        CameraConfig yard = doc.config().camera("yard").orElseThrow();
        assertEquals("rtsp://viewer:s3cret@10.0.0.5/stream", yard.url());
        assertEquals(0.3, yard.conf().getAsDouble(), 1e-9);
        assertEquals(TrackerKind.BYTETRACK, yard.tracker());
        assertEquals(List.of("person", "car"), yard.classes());
        assertEquals("yolox-nano", yard.model());
        assertEquals(1, yard.zones().size());
        CameraConfig gate = doc.config().camera("gate").orElseThrow();
        assertEquals(0.5, gate.conf().getAsDouble(), 1e-9);
        assertFalse(gate.enabled());
        assertEquals(RecordMode.OFF, gate.record(), "YAML's 'off' is the word, not false");
        assertEquals(RecordMode.EVENTS, yard.record());
        assertTrue(doc.yaml().contains("${CAM_PASSWORD}"), doc.yaml());
        assertFalse(doc.yaml().contains("s3cret"));
        assertEquals(
                Path.of("/srv/vision/vision-data/api-token"),
                doc.config().server().tokenFile());
        assertEquals(90, doc.config().retain().all().eventsDays().getAsDouble(), 1e-9);
        assertEquals(50, doc.config().retain().all().maxGb().getAsDouble(), 1e-9);
        RetainPolicy gateRetain = doc.config()
                .retain()
                .cameras()
                .get("gate")
                .over(doc.config().retain().all());
        assertEquals(2, gateRetain.eventsDays().getAsDouble(), 1e-9, "the camera's own setting wins");
        assertEquals(14, gateRetain.clipsDays().getAsDouble(), 1e-9, "the rest comes from the global one");
        assertEquals(
                StoreLocation.Dialect.POSTGRESQL,
                doc.config().server().history().dialect());
        assertFalse(doc.config().server().history().shown().contains("hunter2"), "no password in messages");

        ConfigInvalidException unset = assertThrows(
                ConfigInvalidException.class, () -> ConfigDocument.parse(text, "site.yaml", HERE, Map.of()));
        assertEquals(
                "site.yaml:6:10: cameras[0].url: the environment variable CAM_PASSWORD is not set",
                unset.problems().get(0).toString());
    }

    @Test
    void namesThatCouldLeaveTheDataFolderOrCrossedZonesAreRefused() {
        String text = String.join(
                "\n",
                "cameras:",
                "  - name: porch",
                "    url: b.mp4",
                "    zones:",
                "      - name: bow",
                "        points: [[0, 0], [100, 100], [100, 0], [0, 100]]",
                "server:",
                "  token_file: ../../token",
                "");
        ConfigInvalidException e = assertThrows(
                ConfigInvalidException.class, () -> ConfigDocument.parse(text, "site.yaml", HERE, Map.of()));
        List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("site.yaml:6:17: cameras[0].zones[0].points: ")
                                && l.contains("edges cross")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l ->
                                l.startsWith("site.yaml:8:15: server.token_file: must lie inside the data folder")),
                lines.toString());

        String dots = "cameras:\n  - name: ../etc\n    url: a.mp4\n";
        ConfigInvalidException named = assertThrows(
                ConfigInvalidException.class, () -> ConfigDocument.parse(dots, "site.yaml", HERE, Map.of()));
        assertTrue(named.problems()
                .get(0)
                .toString()
                .startsWith("site.yaml:2:11: cameras[0].name: '../etc' is not a name"));
    }
}
