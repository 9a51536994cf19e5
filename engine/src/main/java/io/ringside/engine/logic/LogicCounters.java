package io.ringside.engine.logic;

import io.ringside.codec.sbe.ErrorCode;

/**
 * What the logic thread has done, counted. Written by the logic thread only; plain fields, read by others as
 * approximate values (the engine's Aeron counters copy them periodically).
 */
public final class LogicCounters
{
    long ticks;
    long frames;
    long framesTruncated;
    long inputs;
    long staleInputs;
    long actions;
    long pings;
    long joins;
    long leaves;
    long gameEvents;
    long sessionsOpened;
    long sessionsResumed;
    long sessionsClosed;
    long sessionsLost;
    long sessionsTimedOut;
    long sessionsKicked;
    long roomsCreated;
    long roomsClosed;
    long messagesForUnknownSessions;
    long unknownEvents;
    long engineSnapshots;
    long snapshotsDeferred;
    long gameFaults;
    private final long[] rejectionsByCode = new long[256];

    void rejection(final ErrorCode code)
    {
        rejectionsByCode[code.value()]++;
    }

    public long rejections(final ErrorCode code)
    {
        return rejectionsByCode[code.value()];
    }

    /**
     * @return engine snapshots written for the journal.
     */
    public long engineSnapshots()
    {
        return engineSnapshots;
    }

    /**
     * @return engine snapshots not taken because the journal still held the previous one.
     */
    public long snapshotsDeferred()
    {
        return snapshotsDeferred;
    }

    /**
     * @return calls into game code that threw: each request rolled back, each room tick taken back.
     */
    public long gameFaults()
    {
        return gameFaults;
    }

    public long ticks()
    {
        return ticks;
    }

    public long frames()
    {
        return frames;
    }

    public long framesTruncated()
    {
        return framesTruncated;
    }

    public long inputs()
    {
        return inputs;
    }

    public long staleInputs()
    {
        return staleInputs;
    }

    public long actions()
    {
        return actions;
    }

    public long pings()
    {
        return pings;
    }

    public long joins()
    {
        return joins;
    }

    public long leaves()
    {
        return leaves;
    }

    public long gameEvents()
    {
        return gameEvents;
    }

    public long sessionsOpened()
    {
        return sessionsOpened;
    }

    public long sessionsResumed()
    {
        return sessionsResumed;
    }

    public long sessionsClosed()
    {
        return sessionsClosed;
    }

    public long sessionsLost()
    {
        return sessionsLost;
    }

    public long sessionsTimedOut()
    {
        return sessionsTimedOut;
    }

    public long sessionsKicked()
    {
        return sessionsKicked;
    }

    public long roomsCreated()
    {
        return roomsCreated;
    }

    public long roomsClosed()
    {
        return roomsClosed;
    }

    public long messagesForUnknownSessions()
    {
        return messagesForUnknownSessions;
    }

    public long unknownEvents()
    {
        return unknownEvents;
    }
}
