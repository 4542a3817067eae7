package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedAheadTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Job i sleeps longest for the first ones, so they finish in the reverse of their order. */
    private static Iterator<Callable<Integer>> slowFirst(int n, List<Integer> takenFromIterator) {
        return IntStream.range(0, n)
                .<Callable<Integer>>mapToObj(i -> () -> {
                    Thread.sleep(5L * (n - i));
                    return i;
                })
                .peek(job -> takenFromIterator.add(takenFromIterator.size()))
                .iterator();
    }

    @Test
    void resultsComeBackInTheOrderOfTheJobsWhateverOrderTheyFinishIn() {
        List<Integer> taken = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        try (OrderedAhead<Integer> ahead = new OrderedAhead<>(slowFirst(12, taken), pool, 4, i -> {})) {
            for (Optional<Integer> r; (r = ahead.next()).isPresent(); ) {
                seen.add(r.get());
                assertTrue(taken.size() <= seen.size() + 3, "never more than the window ahead: " + taken.size());
            }
        }
        assertEquals(IntStream.range(0, 12).boxed().toList(), seen);
    }

    @Test
    void closingEarlyDiscardsEveryResultNotHandedOutAndNoOther() {
        List<Integer> discarded = Collections.synchronizedList(new ArrayList<>());
        OrderedAhead<Integer> ahead = new OrderedAhead<>(slowFirst(10, new ArrayList<>()), pool, 3, discarded::add);
        assertEquals(0, ahead.next().orElseThrow());
        assertEquals(1, ahead.next().orElseThrow());
        ahead.close();
        assertEquals(List.of(2, 3), discarded, "the two submitted beyond the last one handed out; the rest never ran");
    }

    @Test
    void aJobThatThrowsIsReportedWithItsCauseAndTheRestStillDiscarded() {
        IllegalArgumentException boom = new IllegalArgumentException("corrupt");
        List<Integer> discarded = Collections.synchronizedList(new ArrayList<>());
        Iterator<Callable<Integer>> jobs = List.<Callable<Integer>>of(
                        () -> {
                            throw boom;
                        },
                        () -> 1)
                .iterator();
        OrderedAhead<Integer> ahead = new OrderedAhead<>(jobs, pool, 2, discarded::add);
        IllegalStateException e = assertThrows(IllegalStateException.class, ahead::next);
        assertSame(boom, e.getCause());
        ahead.close();
        assertEquals(List.of(1), discarded);
    }

    @Test
    void anInterruptedCallerGetsTheEndWithItsFlagSetAndCloseStillFreesTheWaitedResult() {
        List<Integer> discarded = Collections.synchronizedList(new ArrayList<>());
        OrderedAhead<Integer> ahead = new OrderedAhead<>(slowFirst(3, new ArrayList<>()), pool, 3, discarded::add);
        Thread.currentThread().interrupt();
        assertFalse(ahead.next().isPresent());
        assertTrue(Thread.interrupted(), "the flag stays set for the caller (cleared here)");
        ahead.close();
        assertEquals(List.of(0, 1, 2), discarded);
    }
}
