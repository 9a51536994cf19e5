package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * An idle strategy for the default profile's polling threads (the ingress agent, the embedded media driver): while
 * a client is connected it is the given backoff strategy (spin, yield, parks growing to a short maximum, so a message
 * is picked up within that maximum); while no client is connected it parks for a longer fixed period, so an engine
 * with nobody to serve wakes a few dozen times a second instead of thousands. The quiet park may be fixed, or asked
 * for before each park (the ingress agent parks until its next batch of ticks is due). The first message of the first
 * client waits at most that long; the presence flag then switches the threads back.
 */
public final class PresenceIdleStrategy implements IdleStrategy
{
    private final IdleStrategy active;
    private final ClientPresence presence;
    private final LongSupplier quietParkNs;

    public PresenceIdleStrategy(final IdleStrategy active, final ClientPresence presence, final long quietParkNs)
    {
        this(active, presence, fixed(quietParkNs));
    }

    /**
     * @param quietParkNs asked, on the idling thread, how long to park before each quiet park; at least 1 ns.
     */
    public PresenceIdleStrategy(
        final IdleStrategy active, final ClientPresence presence, final LongSupplier quietParkNs)
    {
        this.active = active;
        this.presence = presence;
        this.quietParkNs = quietParkNs;
    }

    private static LongSupplier fixed(final long parkNs)
    {
        if (parkNs <= 0)
        {
            throw new IllegalArgumentException("quiet park must be > 0: " + parkNs);
        }
        return () -> parkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0 || presence.isPresent())
        {
            active.idle(workCount);
        }
        else
        {
            LockSupport.parkNanos(Math.max(1, quietParkNs.getAsLong()));
        }
    }

    @Override
    public void idle()
    {
        if (presence.isPresent())
        {
            active.idle();
        }
        else
        {
            LockSupport.parkNanos(Math.max(1, quietParkNs.getAsLong()));
        }
    }

    @Override
    public void reset()
    {
        active.reset();
    }

    @Override
    public String alias()
    {
        return "presence";
    }

    @Override
    public String toString()
    {
        return "PresenceIdleStrategy{active=" + active + ", quietParkNs=" + quietParkNs + '}';
    }
}
