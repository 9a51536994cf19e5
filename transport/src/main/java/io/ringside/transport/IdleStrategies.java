package io.ringside.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The idle strategies of the two profiles, in one place for the engine, its media driver and the load generator.
 * <p>
 * Default profile (a shared machine, possibly two cores): back off to parking quickly. A media driver's duty cycle
 * walks every publication and image it has, so with hundreds of clients each spin costs tens of microseconds; the
 * driver gets Aeron's own default backoff (10 spins, 5 yields, park 1 us growing to 1 ms), measured on this project's
 * 2-core machine to keep 200 UDP players stable where a spin-heavier backoff starved the other threads. The ingress
 * agent parks until its next sweep over the client images or its next tick is due while clients are connected, so
 * ticks stay punctual, a message waits little, and it wakes once per sweep. While
 * no client is connected at all ({@link PresenceIdleStrategy}) each parks for longer: on the 2-core VM a wake-up
 * costs 30-60 us of CPU, so an idle engine's cost is its wake-ups. The ingress agent then parks until its next
 * batch of ticks is due (at most {@link #AGENT_QUIET_PARK_MAX_NS}), the media driver's conductor
 * {@link #CONDUCTOR_QUIET_PARK_NS}, its sender and receiver {@link #NETWORK_QUIET_PARK_NS}. Low-latency profile: busy
 * spin.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * How long a polling thread without a schedule of its own (a SHARED media driver) parks while no client is
     * connected.
     */
    public static final long QUIET_PARK_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * How long the engine's media driver conductor, on a thread of its own, parks while no client is connected: a
     * first client's commands (adding its publication and subscription) and a first UDP image wait at most this.
     */
    public static final long CONDUCTOR_QUIET_PARK_NS = TimeUnit.MILLISECONDS.toNanos(25);

    /**
     * The longest the ingress agent parks while no client is connected (it parks until its next batch of ticks is
     * due; a slow tick rate's batches are further apart): a first client's Connect waits at most this.
     */
    public static final long AGENT_QUIET_PARK_MAX_NS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * The longest the ingress agent parks while clients are connected: its sweeps and ticks are due sooner; this
     * bounds how long a command from egress may wait.
     */
    public static final long AGENT_ACTIVE_PARK_MAX_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * How long the ingress agent parks when its sweep or tick is due but it could do nothing (the ring full, a
     * shutdown in progress): the longest park of the backoff it had before.
     */
    public static final long AGENT_BLOCKED_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    /**
     * How long the media driver's sender and receiver threads park while no client is connected: with nobody
     * connected they have nothing to send and only a first client's setup to receive, which waits at most this.
     */
    public static final long NETWORK_QUIET_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * @return the idle strategy of a media driver thread (the load generator's, or any without a presence signal).
     */
    public static IdleStrategy driver(final boolean lowLatency)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * @return the idle strategy of the engine's embedded media driver: {@link #driver} while clients are connected.
     */
    public static IdleStrategy driver(final boolean lowLatency, final ClientPresence presence)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new PresenceIdleStrategy(driver(false), presence, QUIET_PARK_NS);
    }

    /**
     * @return the backoff of the engine's media driver sender, which egress wakes when it offers to a network
     * publication (the same spins, yields and parks as {@link #driver(boolean)}).
     */
    public static WakeableIdleStrategy wakeableNetwork()
    {
        return new WakeableIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * @return the idle strategy of the engine's media driver sender or receiver on a thread of its own:
     * {@link #driver} while clients are connected, {@link #NETWORK_QUIET_PARK_NS} parks while none is.
     */
    public static IdleStrategy network(final boolean lowLatency, final ClientPresence presence)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new PresenceIdleStrategy(driver(false), presence, NETWORK_QUIET_PARK_NS);
    }

    /**
     * @return the idle strategy of the engine's media driver conductor when it has a thread of its own: one duty
     * cycle per period while clients are connected ({@code paced}),
     * {@link #CONDUCTOR_QUIET_PARK_NS} parks while none is.
     */
    public static IdleStrategy conductor(
        final boolean lowLatency, final ClientPresence presence, final PacedIdleStrategy paced)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new PresenceIdleStrategy(paced, presence, CONDUCTOR_QUIET_PARK_NS);
    }

    /**
     * @return the idle strategy of a polling agent while there is someone to serve (and of the raw Aeron baseline).
     */
    public static IdleStrategy agent(final boolean lowLatency)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new BackoffIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * @return the idle strategy of the engine's ingress agent: parks of {@code activeParkNs} (until its next sweep or
     * tick is due, asked after each duty cycle) while clients are connected, of {@code quietParkNs} while none is.
     */
    public static IdleStrategy ingress(
        final boolean lowLatency,
        final ClientPresence presence,
        final LongSupplier activeParkNs,
        final LongSupplier quietParkNs)
    {
        return lowLatency ? new BusySpinIdleStrategy() :
            new PresenceIdleStrategy(
                new ScheduledParkIdleStrategy(activeParkNs, AGENT_BLOCKED_PARK_NS), presence, quietParkNs);
    }
}
