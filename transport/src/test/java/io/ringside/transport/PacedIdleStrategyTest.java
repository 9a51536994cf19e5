package io.ringside.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paced conductor: a duty cycle starts at most once per period, whether the last one did work or not.
 */
class PacedIdleStrategyTest
{
    @Test
    void cyclesStartNoMoreOftenThanOncePerPeriodEvenWhenBusy()
    {
        final long periodNs = TimeUnit.MILLISECONDS.toNanos(2);
        final PacedIdleStrategy paced = new PacedIdleStrategy(periodNs);
        paced.idle(1);
        final long startNs = System.nanoTime();
        for (int i = 0; i < 10; i++)
        {
            paced.idle(5);
        }
        final long elapsedNs = System.nanoTime() - startNs;
        assertTrue(elapsedNs >= 10 * periodNs - TimeUnit.MICROSECONDS.toNanos(100),
            "ten busy cycles took at least ten periods: " + elapsedNs + " ns");
    }
}
