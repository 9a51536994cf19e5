package io.ringside.engine.logic;

import io.ringside.codec.sbe.ServerState;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2LongHashMap;

/**
 * The one walk over all logic state, in a deterministic order: the tick, the next room id and the server state;
 * sessions in their table order; rooms in creation order with each game's own state; saved player states in the order
 * players were first saved. It is behind both the state hash and engine snapshots, so what is hashed is always what
 * is saved. Logic thread only (or while the pipeline is quiescent).
 */
final class CheckpointCodec
{
    private final LogicState state;
    private final SessionTable sessions;
    private final RoomDirectory rooms;
    private final SavedStates savedStates;
    private final StateHasher hasher = new StateHasher();
    private final TeeStateWriter tee = new TeeStateWriter();

    CheckpointCodec(
        final LogicState state,
        final SessionTable sessions,
        final RoomDirectory rooms,
        final SavedStates savedStates)
    {
        this.state = state;
        this.sessions = sessions;
        this.rooms = rooms;
        this.savedStates = savedStates;
    }

    void write(final StateWriter out)
    {
        out.putLong(state.tick).putLong(rooms.nextRoomId()).putInt(state.serverState.value());
        sessions.writeState(out);
        rooms.writeState(out);
        savedStates.writeState(out);
    }

    /**
     * @return a 64-bit hash of what {@link #write} writes.
     */
    long hash()
    {
        hasher.reset();
        write(hasher);
        return hasher.value();
    }

    /**
     * Write the state to {@code out} and hash it in the same walk.
     *
     * @return the hash, as {@link #hash()} would give it.
     */
    long writeHashed(final StateWriter out)
    {
        hasher.reset();
        write(tee.of(out, hasher));
        return hasher.value();
    }

    /**
     * Restore what {@link #write} wrote into empty tables, with the same games registered in the same order.
     */
    void read(final StateReader in)
    {
        if (!sessions.isEmpty() || !rooms.isEmpty() || !savedStates.isEmpty())
        {
            throw new IllegalStateException("restore into a fresh logic handler only");
        }
        state.tick = in.getLong();
        rooms.nextRoomId(in.getLong());
        state.serverState = ServerState.get((short)in.getInt());
        // room ids are positive and 0 is "in no room": the map's missing value must be neither
        final Long2LongHashMap roomOfSession = new Long2LongHashMap(-1);
        final Long2LongHashMap watchedOfSession = new Long2LongHashMap(-1);
        sessions.readState(in, roomOfSession, watchedOfSession);
        rooms.readState(in, sessions, roomOfSession);
        rooms.restoreWatchers(sessions, watchedOfSession);
        savedStates.readState(in);
    }
}
