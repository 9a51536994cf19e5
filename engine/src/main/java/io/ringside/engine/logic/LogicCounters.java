package io.ringside.engine.logic;

import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.codec.sbe.ErrorCode;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the logic thread has done, counted. Each is an {@link AtomicCounter} of {@link EngineCounters} (an
 * Aeron counter when the engine runs on Aeron), written by the logic thread only, with ordered stores; the accessors read them from any
 * thread, also after the engine closed.
 */
public final class LogicCounters
{
    private final EngineCounters counters;
    final AtomicCounter sessionsOpen;
    final AtomicCounter roomsOpen;
    final AtomicCounter sessionsOpened;
    final AtomicCounter sessionsResumed;
    final AtomicCounter sessionsClosed;
    final AtomicCounter sessionsLost;
    final AtomicCounter sessionsTimedOut;
    final AtomicCounter sessionsKicked;
    final AtomicCounter roomsCreated;
    final AtomicCounter watches;
    final AtomicCounter redirects;
    final AtomicCounter haRequests;
    final AtomicCounter haRequestTimeouts;
    final AtomicCounter haInputsForwarded;
    final AtomicCounter haBatches;
    final AtomicCounter haFrames;
    final AtomicCounter haTickGaps;
    final AtomicCounter haTicksMissed;
    final AtomicCounter haChannelFull;
    final AtomicCounter haUnmatched;
    final AtomicCounter roomsClosed;
    final AtomicCounter ticks;
    final AtomicCounter frames;
    final AtomicCounter framesTruncated;
    final AtomicCounter inputs;
    final AtomicCounter staleInputs;
    final AtomicCounter actions;
    final AtomicCounter pings;
    final AtomicCounter joins;
    final AtomicCounter leaves;
    final AtomicCounter gameEvents;
    final AtomicCounter gameMessages;
    final AtomicCounter roomMessages;
    final AtomicCounter roomListings;
    final AtomicCounter gameFaults;
    final AtomicCounter messagesForUnknownSessions;
    final AtomicCounter unknownEvents;
    final AtomicCounter engineSnapshots;
    final AtomicCounter snapshotsDeferred;
    private final AtomicCounter[] rejects;

    public LogicCounters(final EngineCounters counters)
    {
        this.counters = counters;
        rejects = counters.family(CounterDescriptor.REJECTS);
        sessionsOpen = counters.counter(CounterDescriptor.SESSIONS_OPEN);
        roomsOpen = counters.counter(CounterDescriptor.ROOMS_OPEN);
        sessionsOpened = counters.counter(CounterDescriptor.SESSIONS_OPENED);
        sessionsResumed = counters.counter(CounterDescriptor.SESSIONS_RESUMED);
        sessionsClosed = counters.counter(CounterDescriptor.SESSIONS_CLOSED);
        sessionsLost = counters.counter(CounterDescriptor.SESSIONS_LOST);
        sessionsTimedOut = counters.counter(CounterDescriptor.SESSIONS_TIMED_OUT);
        sessionsKicked = counters.counter(CounterDescriptor.SESSIONS_KICKED);
        roomsCreated = counters.counter(CounterDescriptor.ROOMS_CREATED);
        watches = counters.counter(CounterDescriptor.ROOM_WATCHES);
        redirects = counters.counter(CounterDescriptor.REDIRECTS);
        haRequests = counters.counter(CounterDescriptor.HA_REQUESTS);
        haRequestTimeouts = counters.counter(CounterDescriptor.HA_REQUEST_TIMEOUTS);
        haInputsForwarded = counters.counter(CounterDescriptor.HA_INPUTS_FORWARDED);
        haBatches = counters.counter(CounterDescriptor.HA_BATCHES);
        haFrames = counters.counter(CounterDescriptor.HA_FRAMES);
        haTickGaps = counters.counter(CounterDescriptor.HA_TICK_GAPS);
        haTicksMissed = counters.counter(CounterDescriptor.HA_TICKS_MISSED);
        haChannelFull = counters.counter(CounterDescriptor.HA_CHANNEL_FULL);
        haUnmatched = counters.counter(CounterDescriptor.HA_UNMATCHED);
        roomsClosed = counters.counter(CounterDescriptor.ROOMS_CLOSED);
        ticks = counters.counter(CounterDescriptor.TICKS);
        frames = counters.counter(CounterDescriptor.FRAMES);
        framesTruncated = counters.counter(CounterDescriptor.FRAMES_TRUNCATED);
        inputs = counters.counter(CounterDescriptor.INPUTS);
        staleInputs = counters.counter(CounterDescriptor.STALE_INPUTS);
        actions = counters.counter(CounterDescriptor.TURN_ACTIONS);
        pings = counters.counter(CounterDescriptor.PINGS);
        joins = counters.counter(CounterDescriptor.ROOM_JOINS);
        leaves = counters.counter(CounterDescriptor.ROOM_LEAVES);
        gameEvents = counters.counter(CounterDescriptor.GAME_EVENTS);
        gameMessages = counters.counter(CounterDescriptor.GAME_MESSAGES);
        roomMessages = counters.counter(CounterDescriptor.ROOM_MESSAGES);
        roomListings = counters.counter(CounterDescriptor.ROOM_LISTINGS);
        gameFaults = counters.counter(CounterDescriptor.GAME_FAULTS);
        messagesForUnknownSessions = counters.counter(CounterDescriptor.MESSAGES_FOR_UNKNOWN_SESSIONS);
        unknownEvents = counters.counter(CounterDescriptor.UNKNOWN_EVENTS);
        engineSnapshots = counters.counter(CounterDescriptor.ENGINE_SNAPSHOTS);
        snapshotsDeferred = counters.counter(CounterDescriptor.ENGINE_SNAPSHOTS_DEFERRED);
    }

    /**
     * @return sessions held now, active or waiting to resume.
     */
    public long sessionsOpen()
    {
        return counters.value(CounterDescriptor.SESSIONS_OPEN);
    }

    /**
     * @return rooms open now.
     */
    public long roomsOpen()
    {
        return counters.value(CounterDescriptor.ROOMS_OPEN);
    }

    /**
     * @return sessions opened by Connect.
     */
    public long sessionsOpened()
    {
        return counters.value(CounterDescriptor.SESSIONS_OPENED);
    }

    /**
     * @return sessions resumed by Reconnect with their token.
     */
    public long sessionsResumed()
    {
        return counters.value(CounterDescriptor.SESSIONS_RESUMED);
    }

    /**
     * @return sessions ended for good.
     */
    public long sessionsClosed()
    {
        return counters.value(CounterDescriptor.SESSIONS_CLOSED);
    }

    /**
     * @return sessions whose transport was lost; their seat is held for the reconnect grace.
     */
    public long sessionsLost()
    {
        return counters.value(CounterDescriptor.SESSIONS_LOST);
    }

    /**
     * @return sessions silent for longer than the session timeout.
     */
    public long sessionsTimedOut()
    {
        return counters.value(CounterDescriptor.SESSIONS_TIMED_OUT);
    }

    /**
     * @return sessions disconnected for abuse.
     */
    public long sessionsKicked()
    {
        return counters.value(CounterDescriptor.SESSIONS_KICKED);
    }

    /**
     * @return rooms created.
     */
    public long roomsCreated()
    {
        return counters.value(CounterDescriptor.ROOMS_CREATED);
    }

    /**
     * @return rooms closed after standing empty.
     */
    public long roomsClosed()
    {
        return counters.value(CounterDescriptor.ROOMS_CLOSED);
    }

    /**
     * @return simulation ticks applied.
     */
    public long ticks()
    {
        return counters.value(CounterDescriptor.TICKS);
    }

    /**
     * @return room frames written for egress.
     */
    public long frames()
    {
        return counters.value(CounterDescriptor.FRAMES);
    }

    /**
     * @return room frames that held more entities than the frame cap.
     */
    public long framesTruncated()
    {
        return counters.value(CounterDescriptor.FRAMES_TRUNCATED);
    }

    /**
     * @return inputs applied.
     */
    public long inputs()
    {
        return counters.value(CounterDescriptor.INPUTS);
    }

    /**
     * @return inputs not newer than the last one applied, dropped.
     */
    public long staleInputs()
    {
        return counters.value(CounterDescriptor.STALE_INPUTS);
    }

    /**
     * @return turn-based actions applied.
     */
    public long actions()
    {
        return counters.value(CounterDescriptor.TURN_ACTIONS);
    }

    /**
     * @return pings answered.
     */
    public long pings()
    {
        return counters.value(CounterDescriptor.PINGS);
    }

    /**
     * @return players seated in rooms.
     */
    public long joins()
    {
        return counters.value(CounterDescriptor.ROOM_JOINS);
    }

    /**
     * @return players who left rooms.
     */
    public long leaves()
    {
        return counters.value(CounterDescriptor.ROOM_LEAVES);
    }

    /**
     * @return game events sent to rooms and players.
     */
    public long gameEvents()
    {
        return counters.value(CounterDescriptor.GAME_EVENTS);
    }

    /**
     * @return game-defined messages from clients that their room's game accepted.
     */
    public long gameMessages()
    {
        return counters.value(CounterDescriptor.GAME_MESSAGES);
    }

    /**
     * @return game-defined messages rooms sent (a message to a room counts once).
     */
    public long roomMessages()
    {
        return counters.value(CounterDescriptor.ROOM_MESSAGES);
    }

    /**
     * @return calls into game code that threw: the request taken back, or the room's tick.
     */
    public long gameFaults()
    {
        return counters.value(CounterDescriptor.GAME_FAULTS);
    }

    /**
     * @return messages for a session the logic does not hold.
     */
    public long messagesForUnknownSessions()
    {
        return counters.value(CounterDescriptor.MESSAGES_FOR_UNKNOWN_SESSIONS);
    }

    /**
     * @return ring events of a type the logic does not know.
     */
    public long unknownEvents()
    {
        return counters.value(CounterDescriptor.UNKNOWN_EVENTS);
    }

    /**
     * @return engine snapshots written for the journal.
     */
    public long engineSnapshots()
    {
        return counters.value(CounterDescriptor.ENGINE_SNAPSHOTS);
    }

    /**
     * @return engine snapshots not taken: the journal still held the last one.
     */
    public long snapshotsDeferred()
    {
        return counters.value(CounterDescriptor.ENGINE_SNAPSHOTS_DEFERRED);
    }

    void rejection(final ErrorCode code)
    {
        rejects[code.value()].incrementRelease();
    }

    /**
     * @return sessions sent to another engine.
     */
    public long redirects()
    {
        return counters.value(CounterDescriptor.REDIRECTS);
    }

    /**
     * @return requests refused with {@code code}.
     */
    public long rejections(final ErrorCode code)
    {
        return counters.value(CounterDescriptor.REJECTS, code.value());
    }
}
