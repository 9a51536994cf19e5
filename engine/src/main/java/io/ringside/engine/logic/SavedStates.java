package io.ringside.engine.logic;

import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;

/**
 * What each game saved of each player, as the bytes its {@link GameRoom#savePlayer} wrote (the engine never reads
 * them), kept across sessions and, through engine snapshots, across restarts; in the order players were first saved.
 * A player has a saved state per game: an arena ship's is no use to a tic-tac-toe seat. Logic thread only.
 */
final class SavedStates
{
    /**
     * Per game, by registry index: player id to the saved bytes.
     */
    private final ArrayList<Long2ObjectHashMap<byte[]>> byGame = new ArrayList<>();
    /**
     * Pairs of (game index, player id) in the order first saved: the order of the checkpoint walk.
     */
    private final LongArrayList order = new LongArrayList();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[GameRoom.MAX_SAVED_STATE_BYTES]);
    private final BufferStateWriter writer = new BufferStateWriter();
    private final BufferStateReader reader = new BufferStateReader();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * @return a reader of what the game saved of the player, valid until the next call; null for none.
     */
    StateReader reader(final int gameIndex, final long playerId)
    {
        final byte[] saved = get(gameIndex, playerId);
        if (null == saved)
        {
            return null;
        }
        view.wrap(saved);
        return reader.wrap(view, 0, saved.length);
    }

    /**
     * @return where a game writes a player's state; then {@link #keep} what it wrote. Writing more than
     * {@link GameRoom#MAX_SAVED_STATE_BYTES} throws.
     */
    StateWriter beginSave()
    {
        return writer.wrap(scratch, 0);
    }

    /**
     * Keep what was written since {@link #beginSave} as the player's saved state in that game.
     *
     * @return the kept bytes (reused while their length stays the same).
     */
    byte[] keep(final int gameIndex, final long playerId)
    {
        final int length = writer.length();
        final Long2ObjectHashMap<byte[]> players = players(gameIndex);
        byte[] saved = players.get(playerId);
        if (null == saved)
        {
            order.addLong(gameIndex);
            order.addLong(playerId);
        }
        if (null == saved || saved.length != length)
        {
            saved = new byte[length];
            players.put(playerId, saved);
        }
        scratch.getBytes(0, saved);
        return saved;
    }

    boolean isEmpty()
    {
        return order.isEmpty();
    }

    void writeState(final StateWriter out)
    {
        out.putInt(order.size() / 2);
        for (int i = 0, size = order.size(); i < size; i += 2)
        {
            final int gameIndex = (int)order.getLong(i);
            final long playerId = order.getLong(i + 1);
            final byte[] saved = get(gameIndex, playerId);
            out.putInt(gameIndex).putLong(playerId).putInt(saved.length);
            view.wrap(saved);
            for (int at = 0; at < saved.length; at += Integer.BYTES)
            {
                out.putInt(at + Integer.BYTES <= saved.length ? view.getInt(at, ByteOrder.LITTLE_ENDIAN) : tail(at));
            }
        }
    }

    void readState(final StateReader in)
    {
        final int count = in.getInt();
        for (int i = 0; i < count; i++)
        {
            final int gameIndex = in.getInt();
            final long playerId = in.getLong();
            final byte[] saved = new byte[in.getInt()];
            final UnsafeBuffer into = new UnsafeBuffer(saved);
            for (int at = 0; at < saved.length; at += Integer.BYTES)
            {
                final int value = in.getInt();
                for (int b = 0; b < Integer.BYTES && at + b < saved.length; b++)
                {
                    into.putByte(at + b, (byte)(value >>> (8 * b)));
                }
            }
            players(gameIndex).put(playerId, saved);
            order.addLong(gameIndex);
            order.addLong(playerId);
        }
    }

    private byte[] get(final int gameIndex, final long playerId)
    {
        return gameIndex < byGame.size() ? byGame.get(gameIndex).get(playerId) : null;
    }

    private Long2ObjectHashMap<byte[]> players(final int gameIndex)
    {
        while (byGame.size() <= gameIndex)
        {
            byGame.add(new Long2ObjectHashMap<>());
        }
        return byGame.get(gameIndex);
    }

    /**
     * The last, short group of a saved state's bytes as an int, little endian, zero padded.
     */
    private int tail(final int at)
    {
        int value = 0;
        for (int b = 0; at + b < view.capacity(); b++)
        {
            value |= (view.getByte(at + b) & 0xFF) << (8 * b);
        }
        return value;
    }
}
