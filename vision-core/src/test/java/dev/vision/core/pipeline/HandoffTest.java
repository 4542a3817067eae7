package dev.vision.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HandoffTest {

    @Test
    void blockingKeepsEveryItemInOrderThenSaysEnd() throws Exception {
        Handoff<Integer> h = Handoff.blocking(2);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    h.put(i); // blocks while the consumer is behind: capacity 2
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                h.end();
            }
        });
        producer.start();
        List<Integer> got = new ArrayList<>();
        for (Integer i; (i = h.take()) != null; ) {
            got.add(i);
        }
        producer.join();
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
        assertEquals(0, h.dropped());
        assertTrue(h.ended());
        assertNull(h.take(), "after the end, take keeps saying so");
    }

    @Test
    void blockingPollTimesOutEmpty() throws Exception {
        Handoff<String> h = Handoff.blocking(4);
        long start = System.nanoTime();
        assertNull(h.poll(50));
        assertTrue(System.nanoTime() - start >= 40_000_000L, "waited about the timeout");
        h.put("a");
        assertEquals("a", h.poll(50));
    }

    @Test
    void latestWinsKeepsTheNewestAndDiscardsAndCountsTheRest() throws Exception {
        List<Integer> discarded = new ArrayList<>();
        Handoff<Integer> h = Handoff.latestWins(discarded::add);
        h.put(1);
        h.put(2);
        h.put(3);
        assertEquals(3, h.take());
        assertEquals(List.of(1, 2), discarded);
        assertEquals(2, h.dropped());
        h.put(4);
        h.end();
        assertEquals(4, h.take(), "an item put before the end is still delivered");
        assertNull(h.take());
    }
}
