package io.ringside.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aLongDutyCycleIsFollowedByARestThatManyTimesAsLongUpToTheLongest()
    {
        final long workNs = TimeUnit.MILLISECONDS.toNanos(10);
        final long restedNs = restAfter(
            new PacedIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1), 3, TimeUnit.SECONDS.toNanos(10)), workNs);
        assertTrue(restedNs >= 3 * workNs - TimeUnit.MILLISECONDS.toNanos(1),
            "a 10 ms cycle earns three times its length: " + restedNs + " ns");

        final long cappedNs = restAfter(
            new PacedIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1), 1_000, TimeUnit.MILLISECONDS.toNanos(2)), workNs);
        assertTrue(cappedNs < TimeUnit.SECONDS.toNanos(1), "at most the longest rest, not 10 s: " + cappedNs + " ns");
    }

    /**
     * @return how long the strategy rests after a duty cycle of {@code workNs}.
     */
    private static long restAfter(final PacedIdleStrategy paced, final long workNs)
    {
        paced.idle(1);
        spin(workNs);
        final long restStartNs = System.nanoTime();
        paced.idle(1);
        return System.nanoTime() - restStartNs;
    }

    private static void spin(final long nanos)
    {
        final long endNs = System.nanoTime() + nanos;
        while (System.nanoTime() < endNs)
        {
            Thread.onSpinWait();
        }
    }

    @Test
    void whileCommandsWaitInTheDriversBufferItDoesNotParkAndAfterwardsItPacesAgain()
    {
        final long periodNs = TimeUnit.SECONDS.toNanos(1);
        final PacedIdleStrategy paced = new PacedIdleStrategy(periodNs);
        final ManyToOneRingBuffer commands = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH)));
        paced.watchCommands(commands);
        assertTrue(commands.write(1, new UnsafeBuffer(new byte[8]), 0, 8));

        final long startNs = System.nanoTime();
        for (int i = 0; i < 1000; i++)
        {
            paced.idle(1);
        }
        final long pendingNs = System.nanoTime() - startNs;
        assertTrue(pendingNs < periodNs, "a thousand cycles with a command waiting, no park: " + pendingNs + " ns");

        final long lastCycleNs = System.nanoTime(); // before the last cycle start the strategy noted
        paced.idle(1);
        assertEquals(1, commands.read((msgTypeId, buffer, index, length) -> {}));
        paced.idle(1);
        final long restedNs = System.nanoTime() - lastCycleNs;
        assertTrue(restedNs >= periodNs, "nothing waiting: the rest of the period: " + restedNs + " ns");
    }
}
