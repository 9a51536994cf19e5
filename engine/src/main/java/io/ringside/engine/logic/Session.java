package io.ringside.engine.logic;

/**
 * A client session as the logic thread sees it. Owned and mutated by the logic thread only.
 */
final class Session
{
    static final int ACTIVE = 1;
    static final int HELD = 2;

    final long sessionId;
    final long playerId;
    long tokenHigh;
    long tokenLow;
    int state = ACTIVE;
    Room room;
    /**
     * The room this session watches without a seat (WatchRoom), or null; never while it has a seat ({@link #room}).
     */
    Room watching;
    int entityId;
    long lastInputSequence;
    long lastInputTimeNs;
    long lastHeardTick;
    long heldSinceTick;
    /**
     * JoinByCode requests that named no room, for the whole session: past a limit the session is let go, so that
     * codes are not guessed at the message rate.
     */
    int wrongJoinCodes;
    /**
     * Whether an HA create or join is in flight, its correlation id and the tick it was sent: answered by the HA
     * cluster through the ring, or timed out. Not in engine snapshots: a seat answered after a restore is given back.
     */
    boolean haRequestPending;
    long haRequestCorrelationId;
    long haRequestSinceTick;
    int index;

    Session(final long sessionId, final long playerId)
    {
        this.sessionId = sessionId;
        this.playerId = playerId;
    }

    boolean isActive()
    {
        return ACTIVE == state;
    }

    public String toString()
    {
        return "Session{sessionId=" + sessionId + ", playerId=" + playerId + ", state=" + state +
            ", room=" + (null == room ? 0 : room.roomId) + ", entityId=" + entityId + '}';
    }
}
