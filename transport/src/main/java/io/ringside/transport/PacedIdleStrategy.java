package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a duty cycle at most once per period, busy or not: after each cycle it parks for what is left of the period.
 * For the media driver's conductor, whose every duty cycle walks every publication to move its limit (measured: with
 * 1,000 IPC clients, three quarters of the driver's samples). Nothing a client waits for on IPC passes the conductor
 * (subscribers read the log directly; publishers only need their limit moved before they fill half a term), so the
 * walk may run a thousand times a second instead of as often as the thread can loop. Not thread-safe: one agent.
 */
public final class PacedIdleStrategy implements IdleStrategy
{
    private final long periodNs;
    private long cycleStartNs = System.nanoTime();

    /**
     * @param periodNs the shortest time from the start of one duty cycle to the start of the next.
     */
    public PacedIdleStrategy(final long periodNs)
    {
        this.periodNs = periodNs;
    }

    public void idle(final int workCount)
    {
        idle();
    }

    public void idle()
    {
        final long restNs = cycleStartNs + periodNs - System.nanoTime();
        if (restNs > 0)
        {
            LockSupport.parkNanos(restNs);
        }
        cycleStartNs = System.nanoTime();
    }

    public void reset()
    {
    }

    public String alias()
    {
        return "paced";
    }

    public String toString()
    {
        return "PacedIdleStrategy{periodNs=" + periodNs + '}';
    }
}
