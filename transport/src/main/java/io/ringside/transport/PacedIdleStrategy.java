package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a duty cycle at most once per period, busy or not: after each cycle it parks for what is left of the period.
 * For the media driver's conductor, whose every duty cycle walks every publication to move its limit (measured: with
 * 1,000 IPC clients, three quarters of the driver's samples). Nothing a client waits for on IPC passes the conductor
 * (subscribers read the log directly; publishers only need their limit moved before they fill half a term), so the
 * walk may run a few hundred times a second instead of as often as the thread can loop. What does wait on the
 * conductor is a client's command (add a publication or subscription, keepalives), and the conductor takes a few per
 * duty cycle; when given the driver's command buffer ({@link #watchCommands}) it does not park while commands are
 * waiting there, so a connect storm is drained at full speed however long the period. With a rest ratio, a duty
 * cycle that took long is followed by a rest of that many times as long (at most {@code maxRestNs}): the walk grows
 * with publications, and this keeps the conductor's share of a core at about 1 / (1 + ratio) however many there are,
 * while a light load keeps the plain period. Not thread-safe: one agent (the buffer may be handed over from another
 * thread).
 */
public final class PacedIdleStrategy implements IdleStrategy
{
    private final long periodNs;
    private final long restRatio;
    private final long maxRestNs;
    private long cycleStartNs = System.nanoTime();
    private volatile RingBuffer commands;

    /**
     * @param periodNs the shortest time from the start of one duty cycle to the start of the next while no command
     *                 is waiting.
     */
    public PacedIdleStrategy(final long periodNs)
    {
        this(periodNs, 0, periodNs);
    }

    /**
     * @param periodNs  the shortest time from the start of one duty cycle to the start of the next while no command
     *                  is waiting.
     * @param restRatio after a duty cycle, rest at least this many times as long as it took.
     * @param maxRestNs the longest rest a long duty cycle earns.
     */
    public PacedIdleStrategy(final long periodNs, final long restRatio, final long maxRestNs)
    {
        if (periodNs < 0 || restRatio < 0 || maxRestNs < 0)
        {
            throw new IllegalArgumentException("period, rest ratio and longest rest must not be negative");
        }
        this.periodNs = periodNs;
        this.restRatio = restRatio;
        this.maxRestNs = maxRestNs;
    }

    /**
     * Any thread: from now on, skip the rest of the period while {@code commands} (the driver's to-driver buffer,
     * mapped for as long as this strategy is used) holds commands.
     */
    public void watchCommands(final RingBuffer commands)
    {
        this.commands = commands;
    }

    public void idle(final int workCount)
    {
        idle();
    }

    public void idle()
    {
        final RingBuffer commands = this.commands;
        if (null == commands || commands.size() <= 0)
        {
            final long nowNs = System.nanoTime();
            final long workNs = nowNs - cycleStartNs;
            final long restNs = Math.max(periodNs - workNs, Math.min(maxRestNs, workNs * restRatio));
            if (restNs > 0)
            {
                LockSupport.parkNanos(restNs);
            }
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
        return "PacedIdleStrategy{periodNs=" + periodNs + ", restRatio=" + restRatio + ", maxRestNs=" + maxRestNs + '}';
    }
}
