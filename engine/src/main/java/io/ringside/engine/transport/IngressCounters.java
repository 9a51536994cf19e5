package io.ringside.engine.transport;

import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.codec.Rejection;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the ingress agent did, counted by reason. Each is an {@link AtomicCounter} of {@link EngineCounters}
 * (an Aeron counter when the engine runs on Aeron), written by the ingress thread only, with ordered stores; the accessors read them from any
 * thread, also after the engine closed.
 */
public final class IngressCounters
{
    private final EngineCounters counters;
    final AtomicCounter messages;
    final AtomicCounter published;
    final AtomicCounter ticks;
    final AtomicCounter tickOverruns;
    final AtomicCounter ringStalls;
    final AtomicCounter ringFullPolls;
    final AtomicCounter journalPausedPolls;
    final AtomicCounter journalStateChanges;
    final AtomicCounter invalidMessages;
    final AtomicCounter oversized;
    final AtomicCounter unknownSessions;
    final AtomicCounter sessionMismatches;
    final AtomicCounter rateLimited;
    final AtomicCounter authFailed;
    final AtomicCounter authExpired;
    final AtomicCounter noneAuthRefused;
    final AtomicCounter badResponseChannels;
    final AtomicCounter tooManySessionsPerAddress;
    final AtomicCounter bannedSourceMessages;
    final AtomicCounter kicks;
    final AtomicCounter sourcesLost;
    final AtomicCounter images;
    final AtomicCounter imagesLost;
    final AtomicCounter webSocketFramesAfterClose;
    final AtomicCounter ticketsAccepted;
    final AtomicCounter ticketsRefused;
    final AtomicCounter redirectLoops;
    final AtomicCounter roomsGone;
    final AtomicCounter placementsAsked;
    final AtomicCounter haMessagesToRing;
    final AtomicCounter placementsLocal;
    final AtomicCounter placementOverflows;
    private final AtomicCounter[] invalid;

    public IngressCounters(final EngineCounters counters)
    {
        this.counters = counters;
        invalid = counters.family(CounterDescriptor.INGRESS_INVALID);
        messages = counters.counter(CounterDescriptor.INGRESS_MESSAGES);
        published = counters.counter(CounterDescriptor.INGRESS_PUBLISHED);
        ticks = counters.counter(CounterDescriptor.INGRESS_TICKS);
        tickOverruns = counters.counter(CounterDescriptor.TICK_OVERRUNS);
        ringStalls = counters.counter(CounterDescriptor.RING_STALLS);
        ringFullPolls = counters.counter(CounterDescriptor.RING_FULL_POLLS);
        journalPausedPolls = counters.counter(CounterDescriptor.JOURNAL_PAUSED_POLLS);
        journalStateChanges = counters.counter(CounterDescriptor.JOURNAL_STATE_CHANGES);
        invalidMessages = counters.counter(CounterDescriptor.INGRESS_INVALID_MESSAGES);
        oversized = counters.counter(CounterDescriptor.INGRESS_OVERSIZED);
        unknownSessions = counters.counter(CounterDescriptor.INGRESS_UNKNOWN_SESSIONS);
        sessionMismatches = counters.counter(CounterDescriptor.INGRESS_SESSION_MISMATCHES);
        rateLimited = counters.counter(CounterDescriptor.INGRESS_RATE_LIMITED);
        authFailed = counters.counter(CounterDescriptor.INGRESS_AUTH_FAILED);
        authExpired = counters.counter(CounterDescriptor.INGRESS_AUTH_EXPIRED);
        noneAuthRefused = counters.counter(CounterDescriptor.INGRESS_NONE_AUTH_REFUSED);
        badResponseChannels = counters.counter(CounterDescriptor.INGRESS_BAD_RESPONSE_CHANNELS);
        tooManySessionsPerAddress = counters.counter(CounterDescriptor.INGRESS_TOO_MANY_SESSIONS_PER_ADDRESS);
        bannedSourceMessages = counters.counter(CounterDescriptor.INGRESS_BANNED_SOURCE_MESSAGES);
        kicks = counters.counter(CounterDescriptor.INGRESS_KICKS);
        sourcesLost = counters.counter(CounterDescriptor.INGRESS_SOURCES_LOST);
        images = counters.counter(CounterDescriptor.INGRESS_IMAGES);
        webSocketFramesAfterClose = counters.counter(CounterDescriptor.WS_FRAMES_AFTER_CLOSE);
        imagesLost = counters.counter(CounterDescriptor.INGRESS_IMAGES_LOST);
        ticketsAccepted = counters.counter(CounterDescriptor.TICKETS_ACCEPTED);
        ticketsRefused = counters.counter(CounterDescriptor.TICKETS_REFUSED);
        redirectLoops = counters.counter(CounterDescriptor.REDIRECT_LOOPS);
        roomsGone = counters.counter(CounterDescriptor.ROOMS_GONE);
        placementsAsked = counters.counter(CounterDescriptor.PLACEMENTS_ASKED);
        haMessagesToRing = counters.counter(CounterDescriptor.HA_MESSAGES_TO_RING);
        placementsLocal = counters.counter(CounterDescriptor.PLACEMENTS_LOCAL);
        placementOverflows = counters.counter(CounterDescriptor.PLACEMENT_OVERFLOWS);
    }

    public long ticketsAccepted()
    {
        return counters.value(CounterDescriptor.TICKETS_ACCEPTED);
    }

    public long ticketsRefused()
    {
        return counters.value(CounterDescriptor.TICKETS_REFUSED);
    }

    public long redirectLoops()
    {
        return counters.value(CounterDescriptor.REDIRECT_LOOPS);
    }

    public long roomsGone()
    {
        return counters.value(CounterDescriptor.ROOMS_GONE);
    }

    public long placementsAsked()
    {
        return counters.value(CounterDescriptor.PLACEMENTS_ASKED);
    }

    public long placementsLocal()
    {
        return counters.value(CounterDescriptor.PLACEMENTS_LOCAL);
    }

    /**
     * @return messages read from the ingress subscriptions.
     */
    public long messages()
    {
        return counters.value(CounterDescriptor.INGRESS_MESSAGES);
    }

    /**
     * @return events the ingress agent put in the ring for clients.
     */
    public long published()
    {
        return counters.value(CounterDescriptor.INGRESS_PUBLISHED);
    }

    /**
     * @return ticks the ingress agent put in the ring.
     */
    public long ticks()
    {
        return counters.value(CounterDescriptor.INGRESS_TICKS);
    }

    /**
     * @return ticks the schedule skipped because the producer fell too far behind.
     */
    public long tickOverruns()
    {
        return counters.value(CounterDescriptor.TICK_OVERRUNS);
    }

    /**
     * @return times the ring had no free slot for the producer.
     */
    public long ringStalls()
    {
        return counters.value(CounterDescriptor.RING_STALLS);
    }

    /**
     * @return duty cycles that took no input because the ring was full.
     */
    public long ringFullPolls()
    {
        return counters.value(CounterDescriptor.RING_FULL_POLLS);
    }

    /**
     * @return duty cycles that took no client input because the journal could not write.
     */
    public long journalPausedPolls()
    {
        return counters.value(CounterDescriptor.JOURNAL_PAUSED_POLLS);
    }

    /**
     * @return times the server state followed the journal into DEGRADED or back.
     */
    public long journalStateChanges()
    {
        return counters.value(CounterDescriptor.JOURNAL_STATE_CHANGES);
    }

    /**
     * @return messages that failed validation, all reasons.
     */
    public long invalidMessages()
    {
        return counters.value(CounterDescriptor.INGRESS_INVALID_MESSAGES);
    }

    /**
     * @return messages over the size cap or spanning frames, dropped unread.
     */
    public long oversized()
    {
        return counters.value(CounterDescriptor.INGRESS_OVERSIZED);
    }

    /**
     * @return messages for a session ingress does not know.
     */
    public long unknownSessions()
    {
        return counters.value(CounterDescriptor.INGRESS_UNKNOWN_SESSIONS);
    }

    /**
     * @return messages using a session id from another source than its own.
     */
    public long sessionMismatches()
    {
        return counters.value(CounterDescriptor.INGRESS_SESSION_MISMATCHES);
    }

    /**
     * @return messages over their session's rate.
     */
    public long rateLimited()
    {
        return counters.value(CounterDescriptor.INGRESS_RATE_LIMITED);
    }

    /**
     * @return connects whose credentials failed.
     */
    public long authFailed()
    {
        return counters.value(CounterDescriptor.INGRESS_AUTH_FAILED);
    }

    /**
     * @return connects whose token had expired.
     */
    public long authExpired()
    {
        return counters.value(CounterDescriptor.INGRESS_AUTH_EXPIRED);
    }

    /**
     * @return connects refused: the none authenticator beyond loopback.
     */
    public long noneAuthRefused()
    {
        return counters.value(CounterDescriptor.INGRESS_NONE_AUTH_REFUSED);
    }

    /**
     * @return requests naming a response channel not on the sender's own host.
     */
    public long badResponseChannels()
    {
        return counters.value(CounterDescriptor.INGRESS_BAD_RESPONSE_CHANNELS);
    }

    /**
     * @return connects over the per-address session cap.
     */
    public long tooManySessionsPerAddress()
    {
        return counters.value(CounterDescriptor.INGRESS_TOO_MANY_SESSIONS_PER_ADDRESS);
    }

    /**
     * @return messages from sources banned for abuse, ignored.
     */
    public long bannedSourceMessages()
    {
        return counters.value(CounterDescriptor.INGRESS_BANNED_SOURCE_MESSAGES);
    }

    /**
     * @return sessions disconnected past the abuse threshold.
     */
    public long kicks()
    {
        return counters.value(CounterDescriptor.INGRESS_KICKS);
    }

    /**
     * @return client publications that went away after speaking.
     */
    public long sourcesLost()
    {
        return counters.value(CounterDescriptor.INGRESS_SOURCES_LOST);
    }

    /**
     * @return client publications connected to the ingress now.
     */
    public long images()
    {
        return counters.value(CounterDescriptor.INGRESS_IMAGES);
    }

    /**
     * @return client publications that went away, silent ones included.
     */
    public long imagesLost()
    {
        return counters.value(CounterDescriptor.INGRESS_IMAGES_LOST);
    }

    void rejection(final Rejection rejection)
    {
        invalid[rejection.ordinal()].incrementRelease();
        invalidMessages.incrementRelease();
    }

    /**
     * @return messages that failed validation for {@code rejection}.
     */
    public long rejections(final Rejection rejection)
    {
        return counters.value(CounterDescriptor.INGRESS_INVALID, rejection.ordinal());
    }
}
