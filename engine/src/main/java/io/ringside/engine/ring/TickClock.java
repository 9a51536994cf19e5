package io.ringside.engine.ring;

/**
 * Decides when TICK events are due, on the producer thread. Tick {@code n} is due at {@code start + n * 1e9 / rate}
 * nanoseconds (computed exactly, so 60 Hz does not drift). When the producer falls behind, due ticks are published
 * back to back, at most {@code maxCatchUpTicks} per call; when it falls further behind than that, the schedule is
 * moved forward and the ticks that never happened are counted as overruns (the simulation always advances one fixed
 * step per tick, so skipped real time is never simulated twice).
 */
public final class TickClock
{
    private final int tickRateHz;
    private final int maxCatchUpTicks;
    private long startNs;
    private long nextTick;
    private long scheduleBase;
    private long overrunTicks;

    /**
     * @param tickRateHz        ticks per second.
     * @param maxCatchUpTicks most ticks published in one call when behind.
     */
    public TickClock(final int tickRateHz, final int maxCatchUpTicks)
    {
        if (tickRateHz < 1 || tickRateHz > 1000)
        {
            throw new IllegalArgumentException("tick rate must be 1..1000 Hz: " + tickRateHz);
        }
        this.tickRateHz = tickRateHz;
        this.maxCatchUpTicks = maxCatchUpTicks;
    }

    /**
     * @param startNs     time of tick {@code firstTick}.
     * @param firstTick   number of the first tick to publish.
     */
    public void start(final long startNs, final long firstTick)
    {
        this.startNs = startNs;
        this.nextTick = firstTick;
        this.scheduleBase = firstTick;
    }

    public static long tickIntervalNs(final int tickRateHz)
    {
        return Math.round(1e9 / tickRateHz);
    }

    /**
     * @return the time tick {@code tick} is due.
     */
    public long dueTimeNs(final long tick)
    {
        return startNs + ((tick - scheduleBase) * 1_000_000_000L) / tickRateHz;
    }

    /**
     * Publish the ticks due at {@code nowNs}.
     *
     * @return the number published.
     */
    public int onTime(final long nowNs, final EventPublisher publisher)
    {
        int published = 0;
        while (published < maxCatchUpTicks && nowNs >= dueTimeNs(nextTick))
        {
            if (!publisher.publishTick(nextTick, dueTimeNs(nextTick)))
            {
                return published;
            }
            nextTick++;
            published++;
        }

        if (published == maxCatchUpTicks && nowNs >= dueTimeNs(nextTick))
        {
            final long behind = ((nowNs - dueTimeNs(nextTick)) * tickRateHz) / 1_000_000_000L;
            overrunTicks += behind;
            startNs = nowNs;
            scheduleBase = nextTick;
        }
        return published;
    }

    /**
     * Publish the due ticks only once {@code maxCatchUpTicks} of them are due, all together: the same ticks with the
     * same due times, delivered in bursts. For an engine with nobody connected, whose ring stages then wake a third
     * as often; called at least once per tick interval it never falls far enough behind to skip a tick.
     *
     * @return the number published.
     */
    public int onTimeBatched(final long nowNs, final EventPublisher publisher)
    {
        if (nowNs < dueTimeNs(nextTick + maxCatchUpTicks - 1))
        {
            return 0;
        }
        return onTime(nowNs, publisher);
    }

    /**
     * @return the next tick number to be published.
     */
    public long nextTick()
    {
        return nextTick;
    }

    /**
     * @return nanoseconds until the next tick is due (negative when late).
     */
    public long nanosToNextTick(final long nowNs)
    {
        return dueTimeNs(nextTick) - nowNs;
    }

    /**
     * @return nanoseconds until {@link #onTimeBatched} will next publish (negative when it would now).
     */
    public long nanosToNextBatch(final long nowNs)
    {
        return dueTimeNs(nextTick + maxCatchUpTicks - 1) - nowNs;
    }

    /**
     * @return ticks the schedule skipped because the producer fell too far behind.
     */
    public long overrunTicks()
    {
        return overrunTicks;
    }

    public int tickRateHz()
    {
        return tickRateHz;
    }
}
