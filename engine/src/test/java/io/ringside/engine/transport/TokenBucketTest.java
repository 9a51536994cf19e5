package io.ringside.engine.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest
{
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void aClientWithinItsRateIsNeverRefusedWhenTheEngineReadsItsBacklogLate()
    {
        final TokenBucket bucket = new TokenBucket(120, 60, 0);
        // read on time for a second: 60 a second, drained every duty cycle
        long now = 0;
        for (int i = 0; i < 60; i++)
        {
            now = i * SECOND / 60;
            assertTrue(bucket.tryTake(now, now - MS));
        }
        // the engine stalls 4 s (last drain at 'now'); then reads 240 messages sent meanwhile in one burst
        final long drainedBeforeStall = now;
        final long readAt = now + 4 * SECOND;
        for (int i = 0; i < 240; i++)
        {
            assertTrue(bucket.tryTake(readAt, drainedBeforeStall), "message " + i);
        }
    }

    @Test
    void aFloodIsRefusedWhetherOrNotTheEngineKeepsUp()
    {
        final TokenBucket onTime = new TokenBucket(120, 60, 0);
        final TokenBucket behind = new TokenBucket(120, 60, 0);
        int takenOnTime = 0;
        int takenBehind = 0;
        // 2,000 messages a second for 5 s: read each millisecond, drained (onTime) or never drained (behind)
        for (long now = MS; now <= 5 * SECOND; now += MS)
        {
            for (int i = 0; i < 2; i++)
            {
                takenOnTime += onTime.tryTake(now, now - MS) ? 1 : 0;
                takenBehind += behind.tryTake(now, Long.MIN_VALUE) ? 1 : 0;
            }
        }
        // the budget over 5 s is the burst plus 5 s at the rate, however the engine reads
        assertEquals(60 + 600, takenOnTime, 1);
        assertEquals(60 + 600, takenBehind, 1);
    }

    @Test
    void theBurstIsCappedAsOfTheLastDrain()
    {
        final TokenBucket bucket = new TokenBucket(120, 60, 0);
        // idle for 10 s and read (drained) all the while: then a burst of 100 gets the burst of 60 and no more
        final long now = 10 * SECOND;
        int taken = 0;
        for (int i = 0; i < 100; i++)
        {
            taken += bucket.tryTake(now, now - MS) ? 1 : 0;
        }
        assertEquals(60, taken);
        assertFalse(bucket.tryTake(now, now - MS));
    }
}
