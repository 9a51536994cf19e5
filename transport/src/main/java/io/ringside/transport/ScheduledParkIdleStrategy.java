package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Parks for as long as its agent says it has nothing due, asked after every duty cycle: for an agent that knows its
 * own schedule (the ingress agent: its next sweep over the client images, its next tick), so that it wakes once when
 * the work is due instead of backing off through many short parks. When the agent says something is due now (0 or
 * less) it runs again at once if the cycle did work; if the cycle did nothing, what is due is blocked (a full ring, a
 * shutdown in progress) and it parks {@code blockedParkNs} rather than spin. Not thread-safe: one agent.
 */
public final class ScheduledParkIdleStrategy implements IdleStrategy
{
    private final LongSupplier parkNs;
    private final long blockedParkNs;

    /**
     * @param parkNs        asked on the idling thread: nanoseconds until the agent has work due; 0 or less for now.
     * @param blockedParkNs how long to park when work is due but the last cycle could do none.
     */
    public ScheduledParkIdleStrategy(final LongSupplier parkNs, final long blockedParkNs)
    {
        if (blockedParkNs <= 0)
        {
            throw new IllegalArgumentException("blockedParkNs must be > 0: " + blockedParkNs);
        }
        this.parkNs = parkNs;
        this.blockedParkNs = blockedParkNs;
    }

    public void idle(final int workCount)
    {
        final long ns = parkNs.getAsLong();
        if (ns > 0)
        {
            LockSupport.parkNanos(ns);
        }
        else if (workCount <= 0)
        {
            LockSupport.parkNanos(blockedParkNs);
        }
    }

    /**
     * As after a cycle that did nothing.
     */
    public void idle()
    {
        idle(0);
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
        return "ScheduledParkIdleStrategy{blockedParkNs=" + blockedParkNs + '}';
    }
}
