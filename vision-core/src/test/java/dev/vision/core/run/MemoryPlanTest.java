package dev.vision.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory plan's refusal: counts in the right number, and only the advice that applies to the run. */
class MemoryPlanTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void aRunThatFitsIsNotRefused() {
        MemoryPlan plan = MemoryPlan.builder().decoder(768, 576).build();
        assertEquals(Optional.empty(), plan.refusal(4 * GIB));
    }

    @Test
    void oneExtraWorkerIsSingularAndARunWithoutVideosIsNotToldToWriteNone() {
        MemoryPlan.Builder builder = MemoryPlan.builder().decoder(768, 576).worker();
        String refusal = builder.build().refusal(100L * 1024 * 1024).orElseThrow();
        assertTrue(refusal.contains("1 extra inference worker "), refusal);
        assertFalse(refusal.contains("workers "), refusal);
        assertFalse(refusal.contains("--no-save"), "no video is written: " + refusal);
        assertFalse(refusal.contains("fewer sources"), "one source: " + refusal);
        assertTrue(refusal.contains("use fewer --workers"), refusal);
        assertTrue(refusal.contains("or raise the limit"), refusal);
    }

    @Test
    void manySourcesWithVideosAreToldBothAndCountedInThePlural() {
        MemoryPlan.Builder builder = MemoryPlan.builder();
        for (int i = 0; i < 64; i++) {
            builder.decoder(1920, 1080).encoder(1920, 1080);
        }
        String refusal = builder.build().refusal(GIB).orElseThrow();
        assertTrue(refusal.contains("64 MP4 encoders"), refusal);
        assertTrue(refusal.contains("64 decoders and their frame buffers"), refusal);
        assertTrue(refusal.contains("write no videos (--no-save), use fewer sources, or raise the limit"), refusal);
    }
}
