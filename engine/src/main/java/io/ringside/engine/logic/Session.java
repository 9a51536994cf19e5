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
    int entityId;
    long lastInputSequence;
    long lastInputTimeNs;
    long lastHeardTick;
    long heldSinceTick;
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
