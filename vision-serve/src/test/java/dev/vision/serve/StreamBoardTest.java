package dev.vision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live page's one connection: newest per stream, events kept for a busy viewer, viewers independent. */
@Timeout(10)
class StreamBoardTest {

    @Test
    void aSlowViewerGetsEachStreamsNewestResultAndEveryRecentEvent() throws Exception {
        StreamBoard board = new StreamBoard(3);
        StreamBoard.Cursor viewer = board.cursor(true);
        for (int frame = 0; frame < 100; frame++) {
            board.result(frame % 3, "{\"stream\":" + (frame % 3) + ",\"frame\":" + frame + "}");
        }
        board.tile(1, "{\"stream\":1}");
        board.happened("{\"type\":\"line_crossed\",\"n\":1}");
        board.happened("{\"type\":\"line_crossed\",\"n\":2}");
        List<String> sent = board.awaitNewer(viewer, 100);
        assertEquals(
                List.of(
                        "event: happened\ndata: {\"type\":\"line_crossed\",\"n\":1}\n\n",
                        "event: happened\ndata: {\"type\":\"line_crossed\",\"n\":2}\n\n",
                        "data: {\"stream\":0,\"frame\":99}\n\n",
                        "data: {\"stream\":1,\"frame\":97}\n\n",
                        "event: tile\ndata: {\"stream\":1}\n\n",
                        "data: {\"stream\":2,\"frame\":98}\n\n"),
                sent,
                "one newest line per stream, not a hundred");
        assertTrue(board.awaitNewer(viewer, 50).isEmpty(), "nothing newer: waits, then nothing");
    }

    @Test
    void eventsBeyondWhatIsKeptAreDroppedOldestFirstAndTilesOnlyGoToViewersThatAskedForThem() throws Exception {
        StreamBoard board = new StreamBoard(1);
        StreamBoard.Cursor page = board.cursor(true);
        StreamBoard.Cursor api = board.cursor(false);
        for (int i = 0; i < StreamBoard.HAPPENED_KEPT + 10; i++) {
            board.happened("{\"n\":" + i + "}");
        }
        board.tile(0, "{\"stream\":0}");
        List<String> toPage = board.awaitNewer(page, 100);
        assertEquals(StreamBoard.HAPPENED_KEPT + 1, toPage.size());
        assertEquals("event: happened\ndata: {\"n\":10}\n\n", toPage.get(0), "the oldest ten were dropped");
        List<String> toApi = board.awaitNewer(api, 100);
        assertEquals(StreamBoard.HAPPENED_KEPT, toApi.size(), "no tile for a viewer that did not ask");
    }

    @Test
    void aWaitingViewerWakesForANewResultAndOnClose() throws Exception {
        StreamBoard board = new StreamBoard(2);
        StreamBoard.Cursor viewer = board.cursor(false);
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(100);
                board.result(1, "{}");
                Thread.sleep(100);
                board.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        assertEquals(List.of("data: {}\n\n"), board.awaitNewer(viewer, 5000));
        long t0 = System.nanoTime();
        assertTrue(board.awaitNewer(viewer, 5000).isEmpty());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "close wakes the viewer at once");
        producer.join();
    }
}
