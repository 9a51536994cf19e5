package io.ringside.engine.ring;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickClockTest
{
    private final RingBuffer<EngineEvent> ring = RingBuffer.createSingleProducer(EngineEvent::new, 1 << 14);
    private final Sequence consumer = new Sequence(-1);
    private final EventPublisher publisher = new EventPublisher(ring);

    TickClockTest()
    {
        ring.addGatingSequences(consumer);
    }

    @ParameterizedTest
    @ValueSource(ints = { 20, 30, 60, 64, 128 })
    void publishesExactlyTheRateEverySecondWithoutDrift(final int rate)
    {
        final TickClock clock = new TickClock(rate, 4);
        final long start = 5_000_000_000L;
        clock.start(start, 1);

        for (long now = start; now <= start + 10_000_000_000L; now += 1_000_000L)
        {
            clock.onTime(now, publisher);
        }

        final long published = ring.getCursor() + 1;
        assertEquals(10L * rate + 1, published, "ticks 1..10*rate+1 are due within ten seconds, inclusive");
        for (long s = 0; s < published; s++)
        {
            final EngineEvent event = ring.get(s);
            assertEquals(EventType.TICK, event.type);
            assertEquals(s + 1, event.tick);
            assertEquals(start + (s * 1_000_000_000L) / rate, event.timeNs, "due time of tick " + (s + 1));
        }
        assertEquals(0, clock.overrunTicks());
    }

    @Test
    void catchesUpInBurstsAndCountsTicksItHadToSkip()
    {
        final TickClock clock = new TickClock(60, 3);
        clock.start(0, 1);

        assertEquals(3, clock.onTime(100_000_000L, publisher), "six ticks due, three at most per call");
        assertEquals(4, clock.nextTick());
        assertTrue(clock.overrunTicks() > 0, "the rest of the backlog is skipped and counted");
        assertTrue(clock.nanosToNextTick(100_000_000L) >= 0, "the schedule moved to now");
    }

    @Test
    void batchedTicksWaitUntilThreeAreDueThenGoTogetherAndNoneIsSkipped()
    {
        final TickClock clock = new TickClock(60, 3);
        clock.start(0, 1);
        final long intervalNs = TickClock.tickIntervalNs(60);
        long published = 0;
        for (long now = 0; now < 1_000_000_000L; now += 10_000_000L) // woken every 10 ms, as a quiet ingress is
        {
            final int n = clock.onTimeBatched(now, publisher);
            assertTrue(0 == n || 3 == n, "nothing, or three together: " + n + " at " + now);
            if (n > 0)
            {
                assertTrue(now >= clock.dueTimeNs(clock.nextTick() - 1), "the third was due");
            }
            published += n;
        }
        assertEquals(0, clock.overrunTicks(), "no tick skipped");
        assertTrue(published >= 57 && published <= 60, "a second's ticks, but for the last batch: " + published);
        assertEquals(clock.nextTick() - 1, published);
        assertTrue(clock.nanosToNextTick(1_000_000_000L) > -3 * intervalNs);
    }

    @Test
    void aQuietIngressWokenWhenTheNextBatchIsDuePublishesEveryBatchOnTimeAndSkipsNone()
    {
        final TickClock clock = new TickClock(60, 3);
        clock.start(0, 1);
        final long slackNs = 1_500_000L; // a park oversleeps; on this VM by tens of microseconds, here far more
        long now = 0;
        long published = 0;
        int wakes = 0;
        while (now < 10_000_000_000L)
        {
            final int n = clock.onTimeBatched(now, publisher);
            assertTrue(0 == n || 3 == n, "nothing, or three together: " + n + " at " + now);
            published += n;
            now += Math.max(100_000L, clock.nanosToNextBatch(now)) + slackNs;
            wakes++;
        }
        assertEquals(0, clock.overrunTicks(), "no tick skipped");
        assertEquals(clock.nextTick() - 1, published);
        assertTrue(published >= 597, "ten seconds of ticks: " + published);
        assertTrue(wakes <= 10 * 20 + 1, "one wake a batch, 20 a second: " + wakes);
    }
}
