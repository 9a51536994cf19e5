package io.ringside.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The idle strategies of the two profiles, in one place for the engine, its media driver and the load generator.
 * <p>
 * Default profile (a shared machine, possibly two cores): back off to parking quickly. A media driver's duty cycle
 * walks every publication and image it has, so with hundreds of clients each spin costs tens of microseconds; the
 * driver gets Aeron's own default backoff (10 spins, 5 yields, park 1 us growing to 1 ms), measured on this project's
 * 2-core machine to keep 200 UDP players stable where a spin-heavier backoff starved the other threads. The ingress
 * agent, which owns the tick clock, parks at most 100 us so ticks stay punctual. Low-latency profile: busy spin.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    public static IdleStrategy driver(final boolean lowLatency)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    public static IdleStrategy agent(final boolean lowLatency)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }
}
