package io.ringside.engine.logic;

import io.ringside.engine.game.SavedPlayerState;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * What each player's game saved of it, kept across sessions (and, through engine snapshots and the player-state
 * table, across restarts), in the order players were first saved. Logic thread only.
 */
final class SavedStates
{
    private final Long2ObjectHashMap<SavedPlayerState> byPlayer = new Long2ObjectHashMap<>();
    private final LongArrayList order = new LongArrayList();

    /**
     * @return the player's saved state, or null for a player never saved.
     */
    SavedPlayerState get(final long playerId)
    {
        return byPlayer.get(playerId);
    }

    /**
     * Keep a copy of {@code state} as the player's saved state.
     *
     * @return the kept copy.
     */
    SavedPlayerState keep(final long playerId, final SavedPlayerState state)
    {
        SavedPlayerState saved = byPlayer.get(playerId);
        if (null == saved)
        {
            saved = new SavedPlayerState();
            byPlayer.put(playerId, saved);
            order.addLong(playerId);
        }
        return saved.copyFrom(state);
    }

    boolean isEmpty()
    {
        return order.isEmpty();
    }

    void writeState(final StateWriter out)
    {
        out.putInt(order.size());
        for (int i = 0, size = order.size(); i < size; i++)
        {
            final long playerId = order.getLong(i);
            final SavedPlayerState s = byPlayer.get(playerId);
            out.putLong(playerId).putFloat(s.x).putFloat(s.y).putFloat(s.rotation).putFloat(s.vx).putFloat(s.vy)
                .putInt(s.health).putInt(s.score);
        }
    }

    void readState(final StateReader in)
    {
        final int count = in.getInt();
        for (int i = 0; i < count; i++)
        {
            final long playerId = in.getLong();
            final SavedPlayerState s = new SavedPlayerState();
            s.x = in.getFloat();
            s.y = in.getFloat();
            s.rotation = in.getFloat();
            s.vx = in.getFloat();
            s.vy = in.getFloat();
            s.health = in.getInt();
            s.score = in.getInt();
            byPlayer.put(playerId, s);
            order.addLong(playerId);
        }
    }
}
