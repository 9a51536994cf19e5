package io.ringside.games.pig;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.DeterministicRandom;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One table of {@link PigGame}.
 * <ul>
 *     <li>Seats fill in join order; a game starts when two players sit (phase PLAYING), the first seated to play.</li>
 *     <li>ROLL on your turn: a die from the room's seeded generator; a 1 loses the turn's total and passes the turn,
 *     anything else adds to it. HOLD on your turn banks the total and passes the turn; reaching
 *     the room's target ({@link PigGame#TARGET} unless created with the option {@code target}) wins: WON to the room, one win kept in the winner's saved state, and after
 *     {@link #OVER_TICKS} room ticks (3 s at 10 Hz) a new game with every score at 0. Either out of turn, or with no
 *     game in play, is refused NOT_YOUR_TURN.</li>
 *     <li>A player who leaves or drops on its turn passes it; with fewer than two players the game waits.</li>
 * </ul>
 * The view: a room-state entity {@link #TABLE_ENTITY_ID} (phase, whose turn, the turn's total, the last roll, the game
 * number) and a "player" entity per seat (score, seat, wins). Deterministic and allocation-free after construction.
 */
final class PigRoom implements GameRoom
{
    static final int TABLE_ENTITY_ID = 1;
    static final int PHASE_WAITING = 0;
    static final int PHASE_PLAYING = 1;
    static final int PHASE_OVER = 2;
    static final int OVER_TICKS = 30;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final StateSchema.EntityType TABLE = PigGame.STATE.type("table");
    private static final StateSchema.Field PHASE = TABLE.field("phase");
    private static final StateSchema.Field TURN = TABLE.field("turn");
    private static final StateSchema.Field TURN_TOTAL = TABLE.field("turnTotal");
    private static final StateSchema.Field LAST_ROLL = TABLE.field("lastRoll");
    private static final StateSchema.Field GAME = TABLE.field("game");
    private static final StateSchema.EntityType PLAYER = PigGame.STATE.type("player");
    private static final StateSchema.Field SCORE = PLAYER.field("score");
    private static final StateSchema.Field SEAT = PLAYER.field("seat");
    private static final StateSchema.Field WINS = PLAYER.field("wins");

    private final DeterministicRandom random;
    private final int[] seatEntity = new int[PigGame.MAX_PLAYERS];
    private final int[] score = new int[PigGame.MAX_PLAYERS];
    private final int[] wins = new int[PigGame.MAX_PLAYERS];
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
    private int nextEntityId = 100;
    private int phase = PHASE_WAITING;
    private int turnSeat = -1;
    private int turnTotal;
    private int lastRoll;
    private int game;
    private int overTicksLeft;
    private int target = PigGame.TARGET;
    private String metadata = "target=" + PigGame.TARGET;

    PigRoom(final RoomSettings settings)
    {
        random = new DeterministicRandom(settings.seed());
    }

    /**
     * Takes one option, {@code target}: the score that wins, {@link PigGame#MIN_TARGET} to {@link PigGame#MAX_TARGET}
     * ({@link PigGame#TARGET} without it); the room lists it in its metadata, so clients match tables by it.
     */
    public ErrorCode onCreate(final RoomOptions options)
    {
        final int wanted;
        try
        {
            wanted = options.getInt(PigGame.TARGET_OPTION, PigGame.TARGET);
        }
        catch (final IllegalArgumentException ex)
        {
            return ErrorCode.INVALID_INPUT;
        }
        final boolean onlyTarget = 0 == options.size() || (1 == options.size() && null != options.get(PigGame.TARGET_OPTION));
        if (!onlyTarget || wanted < PigGame.MIN_TARGET || wanted > PigGame.MAX_TARGET)
        {
            return ErrorCode.INVALID_INPUT;
        }
        target(wanted);
        return ErrorCode.OK;
    }

    public String metadata()
    {
        return metadata;
    }

    public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
    {
        final int seat = freeSeat();
        if (seat < 0)
        {
            throw new IllegalStateException("no free seat");
        }
        seatEntity[seat] = nextEntityId++;
        score[seat] = 0;
        wins[seat] = null == saved ? 0 : Math.max(0, saved.getInt());
        if (PHASE_WAITING == phase && seated() >= 2)
        {
            startGame();
        }
        return seatEntity[seat];
    }

    public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
    {
        final int seat = seatOf(entityId);
        if (seat < 0)
        {
            return;
        }
        if (seat == turnSeat)
        {
            passTurn();
        }
        seatEntity[seat] = 0;
        if (turnSeat == seat)
        {
            turnSeat = -1;
        }
        if (PHASE_PLAYING == phase && seated() < 2)
        {
            phase = PHASE_WAITING;
            turnSeat = -1;
            turnTotal = 0;
        }
    }

    public void onDrop(final int entityId, final GameEvents events)
    {
        if (seatOf(entityId) == turnSeat && PHASE_PLAYING == phase)
        {
            passTurn();
        }
    }

    public ErrorCode onMessage(
        final int entityId,
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final GameEvents events)
    {
        final int seat = seatOf(entityId);
        if (seat < 0)
        {
            return ErrorCode.INVALID_INPUT;
        }
        if (PHASE_PLAYING != phase || seat != turnSeat)
        {
            return ErrorCode.NOT_YOUR_TURN;
        }
        if (PigGame.ROLL == opcode)
        {
            lastRoll = 1 + random.nextInt(6);
            if (1 == lastRoll)
            {
                turnTotal = 0;
            }
            else
            {
                turnTotal += lastRoll;
            }
            message.putInt(0, entityId, LE);
            message.putByte(4, (byte)lastRoll);
            message.putShort(5, (short)turnTotal, LE);
            events.messageToRoom(PigGame.ROLLED, message, 0, 7);
            if (1 == lastRoll)
            {
                passTurn();
            }
            return ErrorCode.OK;
        }
        if (PigGame.HOLD == opcode)
        {
            score[seat] += turnTotal;
            turnTotal = 0;
            if (score[seat] >= target)
            {
                wins[seat]++;
                phase = PHASE_OVER;
                overTicksLeft = OVER_TICKS;
                message.putInt(0, entityId, LE);
                message.putShort(4, (short)score[seat], LE);
                events.messageToRoom(PigGame.WON, message, 0, 6);
            }
            else
            {
                passTurn();
            }
            return ErrorCode.OK;
        }
        return ErrorCode.UNKNOWN_OPCODE;
    }

    public void onTick(final long tick, final GameEvents events)
    {
        if (PHASE_OVER == phase && --overTicksLeft <= 0)
        {
            phase = PHASE_WAITING;
            if (seated() >= 2)
            {
                startGame();
            }
        }
    }

    public void writeView(final ViewWriter view)
    {
        view.entity(TABLE_ENTITY_ID, TABLE);
        view.set(PHASE, phase);
        view.set(TURN, turnSeat < 0 ? 0 : seatEntity[turnSeat]);
        view.set(TURN_TOTAL, turnTotal);
        view.set(LAST_ROLL, lastRoll);
        view.set(GAME, game);
        for (int seat = 0; seat < seatEntity.length; seat++)
        {
            if (0 != seatEntity[seat])
            {
                view.entity(seatEntity[seat], PLAYER);
                view.set(SCORE, score[seat]);
                view.set(SEAT, seat);
                view.set(WINS, Math.min(wins[seat], Short.MAX_VALUE));
            }
        }
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(random.state()).putInt(nextEntityId).putInt(phase).putInt(turnSeat).putInt(turnTotal)
            .putInt(lastRoll).putInt(game).putInt(overTicksLeft).putInt(target);
        for (int seat = 0; seat < seatEntity.length; seat++)
        {
            out.putInt(seatEntity[seat]).putInt(score[seat]).putInt(wins[seat]);
        }
    }

    public void readState(final StateReader in)
    {
        random.state(in.getLong());
        nextEntityId = in.getInt();
        phase = in.getInt();
        turnSeat = in.getInt();
        turnTotal = in.getInt();
        lastRoll = in.getInt();
        game = in.getInt();
        overTicksLeft = in.getInt();
        target(in.getInt());
        for (int seat = 0; seat < seatEntity.length; seat++)
        {
            seatEntity[seat] = in.getInt();
            score[seat] = in.getInt();
            wins[seat] = in.getInt();
        }
    }

    private void target(final int target)
    {
        this.target = target;
        this.metadata = PigGame.TARGET_OPTION + "=" + target;
    }

    public int maxViewEntities()
    {
        return 1 + PigGame.MAX_PLAYERS;
    }

    public boolean savePlayer(final int entityId, final StateWriter out)
    {
        final int seat = seatOf(entityId);
        if (seat < 0)
        {
            return false;
        }
        out.putInt(wins[seat]);
        return true;
    }

    int phase()
    {
        return phase;
    }

    int turnEntityId()
    {
        return turnSeat < 0 ? 0 : seatEntity[turnSeat];
    }

    int score(final int entityId)
    {
        return score[seatOf(entityId)];
    }

    int turnTotal()
    {
        return turnTotal;
    }

    private void startGame()
    {
        phase = PHASE_PLAYING;
        game++;
        turnTotal = 0;
        lastRoll = 0;
        for (int seat = 0; seat < score.length; seat++)
        {
            score[seat] = 0;
        }
        turnSeat = -1;
        passTurn();
    }

    /**
     * The next seated player in seat order plays; the turn's total is lost.
     */
    private void passTurn()
    {
        turnTotal = 0;
        for (int i = 1; i <= seatEntity.length; i++)
        {
            final int seat = (Math.max(turnSeat, -1) + i + seatEntity.length) % seatEntity.length;
            if (0 != seatEntity[seat] && seat != turnSeat)
            {
                turnSeat = seat;
                return;
            }
        }
    }

    private int seated()
    {
        int count = 0;
        for (final int entity : seatEntity)
        {
            count += 0 != entity ? 1 : 0;
        }
        return count;
    }

    private int freeSeat()
    {
        for (int seat = 0; seat < seatEntity.length; seat++)
        {
            if (0 == seatEntity[seat])
            {
                return seat;
            }
        }
        return -1;
    }

    private int seatOf(final int entityId)
    {
        for (int seat = 0; seat < seatEntity.length; seat++)
        {
            if (0 != entityId && seatEntity[seat] == entityId)
            {
                return seat;
            }
        }
        return -1;
    }
}
