package io.ringside.engine.game;

import io.ringside.codec.sbe.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * The state and rules of one room of a {@link Game}. The engine calls it on the logic thread only, in ring order,
 * with primitive arguments: game code never sees a buffer, a message or the ring. It reports what happened through
 * {@link GameEvents} and shows itself through {@link ViewWriter}; the engine turns both into messages.
 * <p>
 * Players are represented by entity ids the room chooses in {@link #onJoin}; ids must be positive and unique in the
 * room for its lifetime. Every method must be deterministic (see {@link Game}) and should not allocate in steady
 * state (inputs, actions, ticks, views).
 * <p>
 * If a method throws, the engine takes back what the call wrote (events, the frame of that tick), leaves its own
 * tables as they were, and tells the player GAME_FAULT; a join that throws seats nobody. What the room changed in its
 * own state before throwing stays changed: check before changing anything, as the engine does.
 */
public interface GameRoom
{
    /**
     * The most bytes {@link #savePlayer} may write; more is a fault of the game.
     */
    int MAX_SAVED_STATE_BYTES = 1024;

    /**
     * A player takes a seat. The engine has already checked that a seat is free.
     *
     * @param playerId the authenticated player.
     * @param saved    what {@link #savePlayer} wrote for this player the last time it was saved (by any room of this
     *                 game, in this or an earlier session, before or after a restart), to read in the same order; null
     *                 for a player never saved. Valid only during the call.
     * @param events   to report what happened (spawn, ...).
     * @return the entity id that represents the player in this room, positive.
     */
    int onJoin(long playerId, StateReader saved, GameEvents events);

    /**
     * The room was just made for a player's request, with the options of that request (CreateRoom's, MatchRoom's
     * when nothing matched, none for JoinRoom): the room applies what it allows and may refuse the rest. Called once,
     * before the first {@link #onJoinAttempt}; never for a room restored from a checkpoint, whose state already holds
     * what its options made of it. A refused room is dropped unlisted.
     *
     * @param options the request's pairs; {@link RoomOptions#NONE} when it gave none.
     * @return {@link ErrorCode#OK} to open the room, or the code the request is refused with (for example
     * {@link ErrorCode#INVALID_INPUT}). The default takes no options and refuses any.
     */
    default ErrorCode onCreate(final RoomOptions options)
    {
        return options.size() > 0 ? ErrorCode.INVALID_INPUT : ErrorCode.OK;
    }

    /**
     * A player asks for a seat: the game may refuse it (a match in progress, a rating out of range, a banned player)
     * before anything is created or seated. Called before {@link #onJoin}, after the engine checked that a seat is
     * free; the first join of a new room asks the room just created.
     *
     * @param playerId the authenticated player.
     * @return {@link ErrorCode#OK} to seat the player, or the code the player is refused with.
     */
    default ErrorCode onJoinAttempt(final long playerId)
    {
        return ErrorCode.OK;
    }

    /**
     * A player leaves the room. The entity must be gone from the next view.
     *
     * @param entityId the player's entity.
     * @param reason   whether the player asked to leave ({@link LeaveReason#CONSENTED}) or did not come back
     *                 ({@link LeaveReason#DROPPED}: after {@link #onDrop}, the reconnect grace ran out).
     * @param events   to report what happened.
     */
    void onLeave(int entityId, LeaveReason reason, GameEvents events);

    /**
     * A player's connection is gone (lost, or silent past the session timeout); its seat is held for the reconnect
     * grace, ending in {@link #onResume} or {@link #onLeave} with {@link LeaveReason#DROPPED}. No input arrives from
     * it meanwhile: a game whose players act between inputs stops them here.
     */
    default void onDrop(final int entityId, final GameEvents events)
    {
    }

    /**
     * A dropped player is back, with its seat, before any input from it.
     */
    default void onResume(final int entityId, final GameEvents events)
    {
    }

    /**
     * @return what the room says of itself in room listings (a mode, a map, a skill band), printable ASCII of at most
     * 256 characters (others are replaced, longer text is cut); its {@code key=value} pairs
     * ({@link RoomOptions#parseLenient}) are what matchmaking and listing filters match. Asked when the room opens and
     * when its members change, never on a tick.
     */
    default String metadata()
    {
        return "";
    }

    /**
     * The room closes (it stood empty for the room close grace): release what it holds outside its state. The room
     * is gone afterwards whatever this does.
     */
    default void onDispose()
    {
    }

    /**
     * Real-time controls from a player; applied to the state the next {@link #onTick} advances.
     *
     * @return {@link ErrorCode#OK}, or why the input was refused (usually {@link ErrorCode#INVALID_INPUT}).
     */
    default ErrorCode onInput(final int entityId, final float thrust, final float turn, final boolean fire,
        final GameEvents events)
    {
        return ErrorCode.INVALID_INPUT;
    }

    /**
     * A discrete action (a turn-based move on a cell).
     *
     * @return {@link ErrorCode#OK}, or why the action was refused (NOT_YOUR_TURN, INVALID_INPUT, ...).
     */
    default ErrorCode onAction(final int entityId, final int cell, final GameEvents events)
    {
        return ErrorCode.INVALID_INPUT;
    }

    /**
     * A game-defined message from a player, in order with its inputs. The engine has already checked that the
     * game's {@link Game#messages()} declares the opcode and that the payload fits its cap; the payload is valid only
     * during the call (copy what must be kept).
     *
     * @param entityId the sender's entity.
     * @param opcode   a client opcode the game declares.
     * @param payload  holding the message's bytes.
     * @param offset   of the first payload byte.
     * @param length   of the payload in bytes.
     * @param events   to report what happened and to send messages back.
     * @return {@link ErrorCode#OK}, or why the message was refused (the sender is told with that code).
     */
    default ErrorCode onMessage(
        final int entityId,
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final GameEvents events)
    {
        return ErrorCode.UNKNOWN_OPCODE;
    }

    /**
     * Advance the room by one fixed time step of {@link RoomSettings#tickIntervalNs()}.
     *
     * @param tick   the engine tick number, increasing by one per call.
     * @param events to report what happened.
     */
    void onTick(long tick, GameEvents events);

    /**
     * Write what an observer in this room may see, one call per entity. The engine applies interest management
     * (the game's {@link Game#viewRadius()}) and delta encoding per client on top.
     *
     * @param view to write entities to.
     */
    void writeView(ViewWriter view);

    /**
     * Write the complete state of the room, in a deterministic order: everything that affects what happens next
     * (random generator state, counters, per-entity values). It is folded into the engine's state hash and saved in
     * engine snapshots, so leaving a value out breaks exact recovery and the hash check that proves it.
     *
     * @param out to write state to.
     */
    void writeState(StateWriter out);

    /**
     * Restore what {@link #writeState} wrote, into a room just created by {@link Game#createRoom} with the same
     * settings, so that the room then behaves exactly as the one that was written.
     *
     * @param in to read state from.
     */
    void readState(StateReader in);

    /**
     * @return the most entities {@link #writeView} can write, so the engine can size a room's frame.
     */
    default int maxViewEntities()
    {
        return 1024;
    }

    /**
     * Write what a player keeps across sessions and restarts: any values, in an order {@link #onJoin} reads back. The
     * engine stores the bytes (at most {@link #MAX_SAVED_STATE_BYTES}), journals them and never reads them. Called
     * when the player leaves and every player-state interval while it plays.
     *
     * @param entityId the player's entity.
     * @param out      to write the player's state to.
     * @return true when the entity is a player of this room and its state was written.
     */
    boolean savePlayer(int entityId, StateWriter out);
}
