package dev.vision.serve.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The delivery queue's promises: every message counted once, refusals not retried, failures said in words. */
class DeliveryQueueTest {

    @Test
    void aRefusalCountsEachMessageOnceAsNotDeliveredAndIsSaidOnce() {
        List<String> said = new CopyOnWriteArrayList<>();
        DeliveryQueue<Integer> queue = new DeliveryQueue<>(
                "test",
                100,
                m -> {
                    if (m % 2 == 0) {
                        throw new DeliveryQueue.Refused("not authorised", null);
                    }
                },
                said::add,
                m -> true);
        for (int i = 0; i < 10; i++) {
            queue.offer(i);
        }
        queue.close(Duration.ofSeconds(5));
        assertEquals(5, queue.delivered());
        assertEquals(5, queue.notDelivered());
        assertEquals(
                1,
                said.stream()
                        .filter(l -> l.contains("refused (not authorised)"))
                        .count(),
                said.toString());
    }

    @Test
    void messagesStuckAtTheEndAreCountedOnceWhateverTheSenderDoes() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        DeliveryQueue<Integer> queue = new DeliveryQueue<>("stuck", 100, m -> never.await(), l -> {}, m -> true);
        for (int i = 0; i < 7; i++) {
            queue.offer(i);
        }
        queue.close(Duration.ofMillis(200));
        assertEquals(0, queue.delivered());
        assertEquals(7, queue.notDelivered(), "the one in hand and the six queued");
    }

    @Test
    void aFailureWithoutAMessageIsSaidInWords() {
        assertEquals("connection refused", DeliveryQueue.reason(new ConnectException()));
        assertEquals(
                "no answer within the time allowed",
                DeliveryQueue.reason(new HttpTimeoutException("request timed out")));
        assertTrue(DeliveryQueue.reason(new IOException(new ConnectException())).contains("refused"));
        assertEquals("IllegalStateException", DeliveryQueue.reason(new IllegalStateException()));
    }
}
