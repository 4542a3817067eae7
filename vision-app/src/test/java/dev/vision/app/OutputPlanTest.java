package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.clip.ClipTrigger;
import dev.vision.core.run.OutputPlan;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The output options become one typed plan, as the service's camera settings will: in the test JVM. */
class OutputPlanTest {

    private static RunOptions options() {
        RunOptions o = new RunOptions();
        o.videoPreset = "superfast";
        o.mqttTopic = "vision";
        return o;
    }

    @Test
    void theDefaultsSaveToANewNumberedFolderAndNothingElse() {
        OutputPlan plan = options().outputPlan("track");
        assertEquals(new OutputPlan.RunFolder.Numbered(Path.of("runs", "track")), plan.folder());
        assertEquals(Optional.empty(), plan.json());
        assertEquals(Optional.empty(), plan.csv());
        assertEquals(OutputPlan.Existing.REFUSE, plan.existing());
        assertEquals(List.of(), plan.events());
        assertEquals(OutputPlan.Display.NONE, plan.display());
    }

    @Test
    void everyOutputOptionHasItsPlaceInThePlan() {
        RunOptions o = options();
        o.out = Path.of("out");
        o.force = true;
        o.json = "-";
        o.csv = Path.of("r.csv");
        o.clipOn = List.of("line_crossed:person");
        o.clipPreS = 2;
        o.clipPostS = 3.5;
        o.mqtt = "mqtt://127.0.0.1:1883";
        o.webhooks = List.of("http://127.0.0.1:9/a", "http://127.0.0.1:9/b");
        o.show = true;
        OutputPlan plan = o.outputPlan("track");
        assertEquals(new OutputPlan.RunFolder.Given(Path.of("out")), plan.folder());
        assertEquals(Optional.of(new OutputPlan.JsonTarget.Stdout()), plan.json());
        assertEquals(Optional.of(Path.of("r.csv")), plan.csv());
        assertEquals(OutputPlan.Existing.REPLACE, plan.existing());
        assertEquals(
                Optional.of(new OutputPlan.ClipPlan(
                        List.of(ClipTrigger.parse("line_crossed:person")),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(3500))),
                plan.clips());
        assertEquals(
                List.of(
                        new OutputPlan.EventTarget.Mqtt(URI.create("mqtt://127.0.0.1:1883"), "vision"),
                        new OutputPlan.EventTarget.Webhook(URI.create("http://127.0.0.1:9/a")),
                        new OutputPlan.EventTarget.Webhook(URI.create("http://127.0.0.1:9/b"))),
                plan.events());
        assertEquals(OutputPlan.Display.WINDOW, plan.display());
        assertTrue(plan.savesToFolder());
    }

    @Test
    void noSaveMeansNoFolderAndAJsonFileIsAFile() {
        RunOptions o = options();
        o.noSave = true;
        o.json = "lines.jsonl";
        OutputPlan plan = o.outputPlan("detect");
        assertEquals(new OutputPlan.RunFolder.None(), plan.folder());
        assertEquals(Optional.of(new OutputPlan.JsonTarget.File(Path.of("lines.jsonl"))), plan.json());
        assertTrue(!plan.savesToFolder());
    }
}
