package io.ringside.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress sweep's pace: the minimum interval while sweeps are short, half the thread once they are long,
 * never longer than the maximum.
 */
class SweepPacerTest
{
    private static final long MIN_NS = 100_000;
    private static final long MAX_NS = 1_000_000;

    @Test
    void shortSweepsComeEveryMinimumInterval()
    {
        final SweepPacer pacer = new SweepPacer(MIN_NS, MAX_NS);
        assertTrue(pacer.isDue(0), "the first sweep at once");
        pacer.onSweep(1_000_000, 1_010_000, 300); // 10 us: a few hundred images
        assertEquals(MIN_NS, pacer.lastIntervalNs());
        assertFalse(pacer.isDue(1_099_999));
        assertTrue(pacer.isDue(1_100_000));
    }

    @Test
    void longSweepsRestAsLongAsTheyTookSoSweepingTakesHalfTheThread()
    {
        final SweepPacer pacer = new SweepPacer(MIN_NS, MAX_NS);
        pacer.onSweep(1_000_000, 1_150_000, 1000); // 150 us: a thousand images, slowly
        assertEquals(300_000, pacer.lastIntervalNs(), "start to start: the sweep and as long again at rest");
        assertFalse(pacer.isDue(1_299_999));
        assertTrue(pacer.isDue(1_300_000));
    }

    @Test
    void neverLongerThanTheMaximumNorShorterThanTheMinimum()
    {
        final SweepPacer pacer = new SweepPacer(MIN_NS, MAX_NS);
        pacer.onSweep(0, 5_000_000, 10); // a sweep stalled by a full ring or a descheduled thread
        assertEquals(MAX_NS, pacer.lastIntervalNs());
        assertTrue(pacer.isDue(MAX_NS));

        final SweepPacer atWill = new SweepPacer(0, 0); // the low-latency profile
        atWill.onSweep(0, 1_000_000, 10_000);
        assertEquals(0, atWill.lastIntervalNs());
        assertTrue(atWill.isDue(0));
    }

    @Test
    void manyImagesAreSweptAtMostFourMillionVisitsASecond()
    {
        final SweepPacer pacer = new SweepPacer(MIN_NS, MAX_NS);
        pacer.onSweep(0, 30_000, 2000); // quick sweeps of 2,000 images, mostly empty
        assertEquals(500_000, pacer.lastIntervalNs(), "2,000 images: every 500 us, not every 100 us");
        pacer.onSweep(0, 30_000, 10_000);
        assertEquals(MAX_NS, pacer.lastIntervalNs(), "10,000: the maximum");
    }
}
