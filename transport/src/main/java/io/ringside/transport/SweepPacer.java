package io.ringside.transport;

/**
 * When the ingress may begin its next sweep over the client images. Each sweep visits every image, and most visits
 * find nothing (a player sends 70 messages a second; JFR at 2,500 IPC players: three quarters of the ingress thread
 * in {@code Image.poll} and the sweep around it, a sixth in handling the messages found), so the cost of sweeping
 * grows with the number of images times the number of sweeps. The next sweep begins no sooner than
 * {@code minIntervalNs} after the last began; no sooner than {@link #NS_PER_IMAGE} per image swept (at most four
 * million image visits a second, whatever the count); and, once sweeps take long, no sooner than
 * {@link #REST_RATIO} times the last sweep's duration after it ended, so that sweeping takes at most half the thread;
 * but never later than {@code maxIntervalNs}, the most it adds to a message's wait. Up to 400 clients sweep every
 * {@code minIntervalNs}; thousands, less often, with more messages found per visit and fewer wake-ups (on this VM a
 * wake-up costs 30-60 us: at 250 to 2,000 players sweeping every 100 us kept the ingress thread at 0.3 of a core). Measured on the capacity
 * workload (2 cores, load generator co-located, one run each): at 1,000 IPC players a rest of three times the sweep
 * took the ingress thread from 0.33 to 0.26 of a core and the round trip p50 from 0.31 to 0.46 ms; at 2,500 the
 * ingress from 0.35 to 0.25 and the p99 from 29-38 ms to 51 ms (twice). A rest of once the sweep, at most 1 ms:
 * ingress 0.30, p99 46 ms at 2,500. Where it matters is thousands of mostly silent clients (a lobby), whose sweeps
 * would otherwise take the whole thread. Ingress thread only.
 */
public final class SweepPacer
{
    /**
     * Rest after a sweep, as a multiple of the sweep's duration.
     */
    public static final int REST_RATIO = 1;

    /**
     * Shortest time from the start of one sweep to the start of the next, per image swept.
     */
    public static final long NS_PER_IMAGE = 250;

    private final long minIntervalNs;
    private final long maxIntervalNs;
    private long nextSweepNs = Long.MIN_VALUE / 2;
    private long lastIntervalNs;

    /**
     * @param minIntervalNs shortest time from the start of one sweep to the start of the next; 0 sweeps at will.
     * @param maxIntervalNs longest; below {@code minIntervalNs} it is {@code minIntervalNs}.
     */
    public SweepPacer(final long minIntervalNs, final long maxIntervalNs)
    {
        if (minIntervalNs < 0)
        {
            throw new IllegalArgumentException("minIntervalNs must be >= 0: " + minIntervalNs);
        }
        this.minIntervalNs = minIntervalNs;
        this.maxIntervalNs = Math.max(minIntervalNs, maxIntervalNs);
    }

    /**
     * @return whether a sweep may begin at {@code nowNs}.
     */
    public boolean isDue(final long nowNs)
    {
        return nowNs - nextSweepNs >= 0;
    }

    /**
     * @return nanoseconds until a sweep may begin (0 or less: now).
     */
    public long nanosToNextSweep(final long nowNs)
    {
        return nextSweepNs - nowNs;
    }

    /**
     * A sweep over every one of {@code images} images began at {@code startNs} and ended at {@code endNs}.
     */
    public void onSweep(final long startNs, final long endNs, final int images)
    {
        final long durationNs = Math.max(0, endNs - startNs);
        final long byCostNs = durationNs + REST_RATIO * durationNs;
        final long byImagesNs = images * NS_PER_IMAGE;
        lastIntervalNs = Math.min(maxIntervalNs, Math.max(minIntervalNs, Math.max(byImagesNs, byCostNs)));
        nextSweepNs = startNs + lastIntervalNs;
    }

    /**
     * @return the interval the last sweep set, start to start.
     */
    public long lastIntervalNs()
    {
        return lastIntervalNs;
    }
}
