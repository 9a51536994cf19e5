package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * An idle strategy for the default profile's polling threads (the ingress agent, the embedded media driver): while
 * a client is connected it is the given backoff strategy (spin, yield, parks growing to a short maximum, so a message
 * is picked up within that maximum); while no client is connected it parks for a longer fixed period, so an engine
 * with nobody to serve wakes a few hundred times a second instead of thousands. The first message of the first
 * client waits at most that period; the presence flag then switches the threads back.
 */
public final class PresenceIdleStrategy implements IdleStrategy
{
    private final IdleStrategy active;
    private final ClientPresence presence;
    private final long quietParkNs;

    public PresenceIdleStrategy(final IdleStrategy active, final ClientPresence presence, final long quietParkNs)
    {
        if (quietParkNs <= 0)
        {
            throw new IllegalArgumentException("quiet park must be > 0: " + quietParkNs);
        }
        this.active = active;
        this.presence = presence;
        this.quietParkNs = quietParkNs;
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
            LockSupport.parkNanos(quietParkNs);
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
            LockSupport.parkNanos(quietParkNs);
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
