package io.ringside.games.pig;

import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;

/**
 * Pig, the dice game, for two to four players: on your turn roll a die as often as you dare, adding each roll to your
 * turn's total; roll a 1 and the turn's total is lost and the turn passes; hold and the total is banked. The first to
 * bank {@link #TARGET} wins. Written against the engine's public game API only: its moves are game messages, its
 * table and players declared state, its dice drawn from the room's seed. The rules are in {@link PigRoom}.
 */
public final class PigGame implements Game
{
    public static final String NAME = "pig";
    public static final int MAX_PLAYERS = 4;
    /**
     * The score that wins, unless a room is created with the option {@link #TARGET_OPTION} ({@code target=100}),
     * from {@link #MIN_TARGET} to {@link #MAX_TARGET}; rooms list theirs in their metadata ({@code target=50}).
     */
    public static final int TARGET = 50;
    public static final String TARGET_OPTION = "target";
    public static final int MIN_TARGET = 10;
    public static final int MAX_TARGET = 1000;

    /**
     * Client opcodes: roll the die; bank the turn's total. Neither has a payload.
     */
    public static final int ROLL = 1;
    public static final int HOLD = 2;

    /**
     * Room opcodes: a roll (to the room: int32 roller entity, uint8 die, int16 turn total after it); a win (to the
     * room: int32 winner entity, int16 its score).
     */
    public static final int ROLLED = 1;
    public static final int WON = 2;

    static final StateSchema STATE = StateSchema.builder()
        .roomState("table").uint8("phase").int32("turn").int16("turnTotal").uint8("lastRoll").int16("game")
        .entity("player").int16("score").uint8("seat").int16("wins")
        .build();

    private static final MessageCatalog MESSAGES = MessageCatalog.builder()
        .fromClient(ROLL, "roll", 0)
        .fromClient(HOLD, "hold", 0)
        .toClient(ROLLED, "rolled", 7)
        .toClient(WON, "won", 6)
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
     * @return 0: everyone sees the whole table.
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
     * @return 6: a table needs 10 ticks a second, not 60.
     */
    public int tickDivisor()
    {
        return 6;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new PigRoom(settings);
    }
}
