package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Parks for as long as its agent says it has nothing due, asked after every duty cycle: for an agent that knows its
 * own schedule (the ingress agent: its next sweep over the client images, its next tick), so that it wakes once when
 * the work is due instead of backing off through many short parks. Work done does not shorten the park: the agent
 * says 0 or less when something is due now. Not thread-safe: one agent.
 */
public final class ScheduledParkIdleStrategy implements IdleStrategy
{
    private final LongSupplier parkNs;

    /**
     * @param parkNs asked on the idling thread: nanoseconds until the agent has work due; 0 or less for none.
     */
    public ScheduledParkIdleStrategy(final LongSupplier parkNs)
    {
        this.parkNs = parkNs;
    }

    public void idle(final int workCount)
    {
        idle();
    }

    public void idle()
    {
        final long ns = parkNs.getAsLong();
        if (ns > 0)
        {
            LockSupport.parkNanos(ns);
        }
    }

    public void reset()
    {
    }

    public String alias()
    {
        return "scheduled-park";
    }

    public String toString()
    {
        return "ScheduledParkIdleStrategy{}";
    }
}
