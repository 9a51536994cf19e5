package io.ringside.engine.logic;

import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;

/**
 * The sessions the logic holds, active or waiting to resume: by id, the active one of each player, and a dense list
 * in a deterministic order (open order; a closed session's place is taken by the last one). Logic thread only.
 */
final class SessionTable
{
    private final Long2ObjectHashMap<Session> byId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> activeByPlayer = new Long2ObjectHashMap<>();
    private final ArrayList<Session> sessions = new ArrayList<>();

    int size()
    {
        return sessions.size();
    }

    boolean isEmpty()
    {
        return sessions.isEmpty();
    }

    /**
     * @param index 0 until {@link #size()}.
     */
    Session at(final int index)
    {
        return sessions.get(index);
    }

    /**
     * @return the session with that id, active or held, or null.
     */
    Session get(final long sessionId)
    {
        return byId.get(sessionId);
    }

    boolean contains(final long sessionId)
    {
        return byId.containsKey(sessionId);
    }

    /**
     * @return the player's active session, or null.
     */
    Session activeOf(final long playerId)
    {
        return activeByPlayer.get(playerId);
    }

    /**
     * Hold a session; an active one becomes its player's active session.
     */
    void add(final Session session)
    {
        session.index = sessions.size();
        sessions.add(session);
        byId.put(session.sessionId, session);
        if (session.isActive())
        {
            activeByPlayer.put(session.playerId, session);
        }
    }

    /**
     * The session is active again (resumed): it is its player's active session.
     */
    void activate(final Session session)
    {
        session.state = Session.ACTIVE;
        activeByPlayer.put(session.playerId, session);
    }

    /**
     * The session's transport is gone: it is no longer its player's active session, but still held.
     */
    void hold(final Session session, final long tick)
    {
        session.state = Session.HELD;
        session.heldSinceTick = tick;
        release(session);
    }

    /**
     * Forget a session.
     */
    void remove(final Session session)
    {
        release(session);
        byId.remove(session.sessionId);
        final int last = sessions.size() - 1;
        final Session moved = sessions.get(last);
        sessions.set(session.index, moved);
        moved.index = session.index;
        sessions.remove(last);
    }

    /**
     * @return ids of the sessions that are active.
     */
    long[] activeSessionIds()
    {
        return sessions.stream().filter(Session::isActive).mapToLong(s -> s.sessionId).toArray();
    }

    void writeState(final StateWriter out)
    {
        out.putInt(sessions.size());
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final Session s = sessions.get(i);
            out.putLong(s.sessionId).putLong(s.playerId).putLong(s.tokenHigh).putLong(s.tokenLow).putInt(s.state)
                .putLong(null == s.room ? 0 : s.room.roomId).putInt(s.entityId).putLong(s.lastInputSequence)
                .putLong(s.lastInputTimeNs).putLong(s.lastHeardTick).putLong(s.heldSinceTick).putInt(s.wrongJoinCodes)
                .putLong(null == s.watching ? 0 : s.watching.roomId);
        }
    }

    /**
     * @param roomOfSession    filled with each session's room id (0: none), for the rooms to seat them.
     * @param watchedOfSession filled with the room each session watches (0: none), for the rooms to take them back.
     */
    void readState(final StateReader in, final Long2LongHashMap roomOfSession, final Long2LongHashMap watchedOfSession)
    {
        final int count = in.getInt();
        for (int i = 0; i < count; i++)
        {
            final Session s = new Session(in.getLong(), in.getLong());
            s.tokenHigh = in.getLong();
            s.tokenLow = in.getLong();
            s.state = in.getInt();
            roomOfSession.put(s.sessionId, in.getLong());
            s.entityId = in.getInt();
            s.lastInputSequence = in.getLong();
            s.lastInputTimeNs = in.getLong();
            s.lastHeardTick = in.getLong();
            s.heldSinceTick = in.getLong();
            s.wrongJoinCodes = in.getInt();
            watchedOfSession.put(s.sessionId, in.getLong());
            add(s);
        }
    }

    private void release(final Session session)
    {
        if (activeByPlayer.get(session.playerId) == session)
        {
            activeByPlayer.remove(session.playerId);
        }
    }
}
