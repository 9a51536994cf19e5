package io.ringside.games.gems;

import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;

/**
 * Gems, a real-time game of another shape than the arena: runners steer by game message across a square field,
 * collecting gems that appear at seeded random places and dodging drifting mines, in timed matches. Several entity
 * kinds (runners, gems, mines), room-level state (the match's phase, time left and leader), and messages both ways.
 * Written against the engine's public game API only; the rules are in {@link GemsRoom}.
 */
public final class GemsGame implements Game
{
    public static final String NAME = "gems";
    public static final int MAX_PLAYERS = 16;
    public static final float FIELD = 1000f;

    /**
     * Client opcodes: MOVE (int8 dx, int8 dy, each -100..100: percent of full speed along the axis); DASH (no payload:
     * double speed for a moment, then a cool-down).
     */
    public static final int MOVE = 1;
    public static final int DASH = 2;

    /**
     * Room opcodes: COLLECTED to the room (int32 runner, uint8 gem value); HIT to the runner that hit a mine (int16
     * points lost); MATCH_OVER to the room (int32 winning runner, int32 its score).
     */
    public static final int COLLECTED = 1;
    public static final int HIT = 2;
    public static final int MATCH_OVER = 3;

    static final StateSchema STATE = StateSchema.builder()
        .roomState("match").uint8("phase").int32("ticksLeft").int32("leader")
        .entity("runner").quantized("x", 0, FIELD).quantized("y", 0, FIELD).int32("score").bool("dashing")
        .entity("gem").quantized("x", 0, FIELD).quantized("y", 0, FIELD).uint8("value")
        .entity("mine").quantized("x", 0, FIELD).quantized("y", 0, FIELD)
        .build();

    private static final MessageCatalog MESSAGES = MessageCatalog.builder()
        .fromClient(MOVE, "move", 2)
        .fromClient(DASH, "dash", 0)
        .toClient(COLLECTED, "collected", 5)
        .toClient(HIT, "hit", 2)
        .toClient(MATCH_OVER, "matchOver", 8)
        .build();

    public String name()
    {
        return NAME;
    }

    public int maxPlayers()
    {
        return MAX_PLAYERS;
    }

    /**
     * @return 0: the field is small; everyone sees all of it.
     */
    public float viewRadius()
    {
        return 0;
    }

    public StateSchema state()
    {
        return STATE;
    }

    public MessageCatalog messages()
    {
        return MESSAGES;
    }

    /**
     * @return 2: 30 room ticks a second.
     */
    public int tickDivisor()
    {
        return 2;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new GemsRoom(settings);
    }
}
