package io.ringside.engine.game;

import io.ringside.codec.state.StateSchema;

/**
 * A type of game the engine can host: a named factory of rooms. Implementations are registered in a
 * {@link GameRegistry} before the engine starts and are looked up by the name clients send in JoinRoom.
 * <p>
 * Everything a game does happens on the engine's single logic thread, in ring order, so game code needs no locks.
 * It must be deterministic: its state may depend only on the calls it receives and the seed in its
 * {@link RoomSettings}. It must not read a clock, use an unseeded random source, iterate in hash order, call
 * {@code Math.sin}-style intrinsics whose results can differ between JIT tiers (use {@code StrictMath}), or do I/O.
 * That is what lets the journal replay a room to the exact same state, and what would let the same code run as a
 * replicated state machine.
 */
public interface Game
{
    /**
     * @return the registry name clients use in JoinRoom, at most 32 bytes of ASCII.
     */
    String name();

    /**
     * @return seats in a room of this game.
     */
    int maxPlayers();

    /**
     * @return the radius within which an observer sees entities, in world units; 0 when every observer sees the
     * whole room (small or non-spatial games).
     */
    float viewRadius();

    /**
     * @return the state this game's rooms show, declared (entity types of typed fields), which the engine diffs and
     * encodes and every client decodes without game-specific code; its rooms then write their views with
     * {@link ViewWriter#entity(int, StateSchema.EntityType)} and {@code set}. Null (the default) for a game that
     * writes the fixed entity of {@link ViewWriter#entity(int, io.ringside.codec.sbe.EntityKind, float, float, float,
     * float, float, int, int, int, int)}. A room small enough is broadcast on its room stream (RoomState); a bigger one
     * gives each member a view of what is within {@link #viewRadius()} of its entity (StateView), for which entities
     * carry a position ({@link ViewWriter#entity(int, StateSchema.EntityType, float, float)}).
     */
    default StateSchema state()
    {
        return null;
    }

    /**
     * @return every how many engine ticks a room of this game ticks (1: every tick); its {@link RoomSettings}
     * carry the resulting interval, and its frames, so its snapshots, come at that rate. Rooms of a game tick on
     * different engine ticks (by room id), so that their work spreads out.
     */
    default int tickDivisor()
    {
        return 1;
    }

    /**
     * Create the state of a new room. Called on the logic thread; may allocate (rooms are created on demand, not per
     * tick), but the returned room should pre-allocate what it needs so that its steady state does not.
     *
     * @param settings of the room.
     * @return the room's state.
     */
    GameRoom createRoom(RoomSettings settings);

    /**
     * @return how a player asking for any room of this game is seated; {@link Matchmaker#FIRST_OPEN} by default.
     * Called when the engine starts.
     */
    default Matchmaker matchmaker()
    {
        return Matchmaker.FIRST_OPEN;
    }

    /**
     * @return the messages this game's clients and rooms exchange besides inputs and events; none by default.
     * Called when a room is created.
     */
    default MessageCatalog messages()
    {
        return MessageCatalog.NONE;
    }

    /**
     * @return whether every room of this game runs on the HA cluster (where the engine has one), as if created with
     * {@code ha=true}: its rooms survive the loss of a machine, at the cost of a cluster round trip per tick.
     */
    default boolean highlyAvailable()
    {
        return false;
    }

    /**
     * @return every setting of this game that changes what its rooms do (sizes, speeds, rules), as stable text, for
     * example {@code "maxPlayers=64,damage=25"}. The journal records it, and recovery refuses a journal written with
     * other settings, because replaying it would silently reach another state. Settings that change only what
     * observers see (a view radius) need not be listed.
     */
    default String simulationSettings()
    {
        return "";
    }
}
