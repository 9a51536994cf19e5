package io.ringside.engine.game.tictactoe;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One room of {@link TicTacToeGame}: a 3x3 board, a seat for X and a seat for O, and a sequence of rounds.
 * <p>
 * Rules:
 * <ul>
 *     <li>Cells are 0..8, row-major. The first player to join sits as X (mark 1), the second as O (mark 2); a
 *     later joiner takes whichever mark is free.</li>
 *     <li>A round starts as soon as both seats are filled ({@code ROUND_STARTED}, value = round number from 1,
 *     subject = the entity to move first). X moves first in odd rounds, O in even rounds, so the opening move
 *     alternates.</li>
 *     <li>A move is {@link #onAction}: refused with {@code INVALID_INPUT} when the entity is not seated, the cell
 *     is outside 0..8 or the cell is taken; with {@code NOT_YOUR_TURN} when no round is in play or it is the
 *     other player's turn. The checks run in that order: seat and range first (they depend only on the request),
 *     then the turn, then the board, so that a move after game over is always {@code NOT_YOUR_TURN}.</li>
 *     <li>A valid move emits {@code TURN_TAKEN} (subject = mover, value = cell, x/y = column/row). Three in a row
 *     emits {@code GAME_OVER} (subject = winner, value = winning mark) and adds one win to the winner; a full board
 *     without a line emits {@code GAME_OVER} with subject and value 0.</li>
 *     <li>After a round ends the room pauses for {@code ceil(3 s / tick interval)} ticks, then {@link #onTick}
 *     clears the board and starts the next round.</li>
 *     <li>If a player leaves during a round, the round ends at once with {@code GAME_OVER} naming the remaining
 *     player as winner (value = its mark), but <em>without</em> a win added: a forfeit by disconnect is not a game
 *     won, and awarding it would let two colluding accounts farm wins by joining and leaving. The room then waits
 *     for a new player; the board keeps its last position until the next round starts. A leave during the pause
 *     also cancels the pause.</li>
 *     <li>Chat ({@link TicTacToeGame#CHAT}): a seated player's line of text goes to everyone else in the room with
 *     the sender's entity id in front; an empty line, or one from an entity without a seat, is refused with
 *     {@code INVALID_INPUT}. Chat changes no state.</li>
 *     <li>Join and leave notifications ({@code PLAYER_JOINED}, {@code PLAYER_LEFT}) are not emitted here: they
 *     concern sessions, which the engine knows and a game does not.</li>
 * </ul>
 * <p>
 * The view has fixed entity ids: board cells 1..9 (cell i is entity i + 1, x = column, y = row, state = mark),
 * the game state 10 (state = phase, score = round, owner = entity to move or 0), and one {@code PLAYER} entity per
 * seated player (state = mark, score = wins) with ids from 100 up, never reused within the room.
 * <p>
 * Deterministic and allocation-free after construction: all state is primitive fields and arrays sized here,
 * iterated in index order.
 */
public final class TicTacToeRoom implements GameRoom
{
    /**
     * Mark of an empty cell, or "no mark".
     */
    public static final int EMPTY = 0;

    /**
     * Mark of the first seat.
     */
    public static final int X = 1;

    /**
     * Mark of the second seat.
     */
    public static final int O = 2;

    /**
     * Phase: fewer than two seats are filled.
     */
    public static final int PHASE_WAITING = 0;

    /**
     * Phase: a round is in play.
     */
    public static final int PHASE_PLAYING = 1;

    /**
     * Phase: the round is over, the next starts after the pause.
     */
    public static final int PHASE_ROUND_OVER = 2;

    public static final int BOARD_SIZE = 3;
    public static final int CELL_COUNT = BOARD_SIZE * BOARD_SIZE;

    /**
     * Entity id of cell 0; cell i is {@code FIRST_CELL_ENTITY_ID + i}.
     */
    public static final int FIRST_CELL_ENTITY_ID = 1;

    public static final int GAME_STATE_ENTITY_ID = 10;

    /**
     * The first player entity id handed out; ids increase from here and are never reused in a room.
     */
    public static final int FIRST_PLAYER_ENTITY_ID = 100;

    /**
     * The pause between rounds, in nanoseconds, before rounding up to whole ticks.
     */
    public static final long ROUND_PAUSE_NS = 3_000_000_000L;

    private static final int SEAT_COUNT = 2;
    private static final int MAX_VIEW_ENTITIES = CELL_COUNT + SEAT_COUNT + 1;

    /**
     * The eight lines of three, as cell triples.
     */
    private static final int[] LINES =
    {
        0, 1, 2, 3, 4, 5, 6, 7, 8,
        0, 3, 6, 1, 4, 7, 2, 5, 8,
        0, 4, 8, 2, 4, 6,
    };

    private final long pauseTicks;
    private final int[] board = new int[CELL_COUNT];
    private final int[] seatEntityIds = new int[SEAT_COUNT];
    private final int[] seatWins = new int[SEAT_COUNT];
    private final UnsafeBuffer chatRelay =
        new UnsafeBuffer(new byte[TicTacToeGame.CHAT_SENDER_LENGTH + TicTacToeGame.MAX_CHAT_BYTES]);

    private int phase = PHASE_WAITING;
    private int round;
    private int turnMark = EMPTY;
    private long pauseTicksRemaining;
    private int nextEntityId = FIRST_PLAYER_ENTITY_ID;

    /**
     * @param settings of the room; its tick interval sets the length of the pause between rounds in ticks.
     */
    public TicTacToeRoom(final RoomSettings settings)
    {
        final long tickIntervalNs = settings.tickIntervalNs();
        if (tickIntervalNs <= 0)
        {
            throw new IllegalArgumentException("tickIntervalNs must be positive: " + tickIntervalNs);
        }
        this.pauseTicks = (ROUND_PAUSE_NS + tickIntervalNs - 1) / tickIntervalNs;
    }

    public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
    {
        final int seat = freeSeat();
        if (seat < 0)
        {
            throw new IllegalStateException("no free seat for player " + playerId);
        }

        final int entityId = nextEntityId++;
        seatEntityIds[seat] = entityId;
        seatWins[seat] = null == saved ? 0 : Math.max(0, saved.getInt());

        if (PHASE_WAITING == phase && bothSeatsFilled())
        {
            startRound(events);
        }

        return entityId;
    }

    public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
    {
        final int seat = seatOf(entityId);
        if (seat < 0)
        {
            return;
        }

        seatEntityIds[seat] = 0;
        seatWins[seat] = 0;

        if (PHASE_PLAYING == phase)
        {
            final int remainingSeat = 1 - seat;
            events.toRoom(GameEventType.GAME_OVER, seatEntityIds[remainingSeat], 0, markOf(remainingSeat), 0, 0);
        }

        phase = PHASE_WAITING;
        turnMark = EMPTY;
        pauseTicksRemaining = 0;
    }

    public ErrorCode onMessage(
        final int entityId,
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final GameEvents events)
    {
        if (TicTacToeGame.CHAT != opcode)
        {
            return ErrorCode.UNKNOWN_OPCODE;
        }
        if (seatOf(entityId) < 0 || 0 == length)
        {
            return ErrorCode.INVALID_INPUT;
        }
        chatRelay.putInt(0, entityId, ByteOrder.LITTLE_ENDIAN);
        chatRelay.putBytes(TicTacToeGame.CHAT_SENDER_LENGTH, payload, offset, length);
        events.messageToRoomExcept(
            entityId, TicTacToeGame.CHAT, chatRelay, 0, TicTacToeGame.CHAT_SENDER_LENGTH + length);
        return ErrorCode.OK;
    }

    public ErrorCode onAction(final int entityId, final int cell, final GameEvents events)
    {
        final int seat = seatOf(entityId);
        if (seat < 0 || cell < 0 || cell >= CELL_COUNT)
        {
            return ErrorCode.INVALID_INPUT;
        }

        final int mark = markOf(seat);
        if (PHASE_PLAYING != phase || mark != turnMark)
        {
            return ErrorCode.NOT_YOUR_TURN;
        }

        if (EMPTY != board[cell])
        {
            return ErrorCode.INVALID_INPUT;
        }

        board[cell] = mark;
        events.toRoom(GameEventType.TURN_TAKEN, entityId, 0, cell, cell % BOARD_SIZE, cell / BOARD_SIZE);

        if (hasLine(mark))
        {
            seatWins[seat]++;
            events.toRoom(GameEventType.GAME_OVER, entityId, 0, mark, 0, 0);
            endRound();
        }
        else if (isBoardFull())
        {
            events.toRoom(GameEventType.GAME_OVER, 0, 0, EMPTY, 0, 0);
            endRound();
        }
        else
        {
            turnMark = otherMark(mark);
        }

        return ErrorCode.OK;
    }

    public void onTick(final long tick, final GameEvents events)
    {
        if (PHASE_ROUND_OVER != phase)
        {
            return;
        }

        if (pauseTicksRemaining > 0)
        {
            pauseTicksRemaining--;
        }

        if (0 == pauseTicksRemaining)
        {
            if (bothSeatsFilled())
            {
                startRound(events);
            }
            else
            {
                phase = PHASE_WAITING;
            }
        }
    }

    public void writeView(final ViewWriter view)
    {
        for (int cell = 0; cell < CELL_COUNT; cell++)
        {
            view.entity(
                FIRST_CELL_ENTITY_ID + cell,
                EntityKind.BOARD_CELL,
                cell % BOARD_SIZE,
                cell / BOARD_SIZE,
                0, 0, 0, 0, 0,
                board[cell],
                0);
        }

        for (int seat = 0; seat < SEAT_COUNT; seat++)
        {
            final int entityId = seatEntityIds[seat];
            if (0 != entityId)
            {
                view.entity(entityId, EntityKind.PLAYER, 0, 0, 0, 0, 0, 0, seatWins[seat], markOf(seat), 0);
            }
        }

        view.entity(GAME_STATE_ENTITY_ID, EntityKind.GAME_STATE, 0, 0, 0, 0, 0, 0, round, phase, turnEntityId());
    }

    public void writeState(final StateWriter out)
    {
        for (int cell = 0; cell < CELL_COUNT; cell++)
        {
            out.putInt(board[cell]);
        }
        for (int seat = 0; seat < SEAT_COUNT; seat++)
        {
            out.putInt(seatEntityIds[seat]).putInt(seatWins[seat]);
        }
        out.putInt(turnMark).putInt(phase).putInt(round).putLong(pauseTicksRemaining).putLong(pauseTicks)
            .putInt(nextEntityId);
    }

    public void readState(final StateReader in)
    {
        for (int cell = 0; cell < CELL_COUNT; cell++)
        {
            board[cell] = in.getInt();
        }
        for (int seat = 0; seat < SEAT_COUNT; seat++)
        {
            seatEntityIds[seat] = in.getInt();
            seatWins[seat] = in.getInt();
        }
        turnMark = in.getInt();
        phase = in.getInt();
        round = in.getInt();
        pauseTicksRemaining = in.getLong();
        final long savedPauseTicks = in.getLong();
        if (savedPauseTicks != pauseTicks)
        {
            throw new IllegalStateException("saved tic-tac-toe room paused " + savedPauseTicks +
                " ticks between rounds, this room " + pauseTicks + ": restore with the same settings");
        }
        nextEntityId = in.getInt();
    }

    public int maxViewEntities()
    {
        return MAX_VIEW_ENTITIES;
    }

    public boolean savePlayer(final int entityId, final StateWriter out)
    {
        final int seat = seatOf(entityId);
        if (seat < 0)
        {
            return false;
        }

        out.putInt(seatWins[seat]);
        return true;
    }

    /**
     * @return the pause between rounds in ticks: {@code ceil(3 s / tick interval)}.
     */
    public long pauseTicks()
    {
        return pauseTicks;
    }

    /**
     * @return {@link #PHASE_WAITING}, {@link #PHASE_PLAYING} or {@link #PHASE_ROUND_OVER}.
     */
    public int phase()
    {
        return phase;
    }

    /**
     * @return the number of the current or last round, 0 before the first.
     */
    public int round()
    {
        return round;
    }

    /**
     * @return the entity whose turn it is, or 0 when no round is in play.
     */
    public int turnEntityId()
    {
        return EMPTY == turnMark ? 0 : seatEntityIds[turnMark - 1];
    }

    public String toString()
    {
        return "TicTacToeRoom{phase=" + phase + ", round=" + round + ", turnMark=" + turnMark +
            ", x=" + seatEntityIds[0] + ", o=" + seatEntityIds[1] + '}';
    }

    private void startRound(final GameEvents events)
    {
        for (int cell = 0; cell < CELL_COUNT; cell++)
        {
            board[cell] = EMPTY;
        }

        round++;
        phase = PHASE_PLAYING;
        turnMark = (round & 1) == 1 ? X : O;
        pauseTicksRemaining = 0;
        events.toRoom(GameEventType.ROUND_STARTED, turnEntityId(), 0, round, 0, 0);
    }

    private void endRound()
    {
        phase = PHASE_ROUND_OVER;
        turnMark = EMPTY;
        pauseTicksRemaining = pauseTicks;
    }

    private boolean hasLine(final int mark)
    {
        for (int i = 0; i < LINES.length; i += BOARD_SIZE)
        {
            if (board[LINES[i]] == mark && board[LINES[i + 1]] == mark && board[LINES[i + 2]] == mark)
            {
                return true;
            }
        }
        return false;
    }

    private boolean isBoardFull()
    {
        for (int cell = 0; cell < CELL_COUNT; cell++)
        {
            if (EMPTY == board[cell])
            {
                return false;
            }
        }
        return true;
    }

    private boolean bothSeatsFilled()
    {
        return 0 != seatEntityIds[0] && 0 != seatEntityIds[1];
    }

    private int freeSeat()
    {
        for (int seat = 0; seat < SEAT_COUNT; seat++)
        {
            if (0 == seatEntityIds[seat])
            {
                return seat;
            }
        }
        return -1;
    }

    private int seatOf(final int entityId)
    {
        if (entityId <= 0)
        {
            return -1;
        }

        for (int seat = 0; seat < SEAT_COUNT; seat++)
        {
            if (seatEntityIds[seat] == entityId)
            {
                return seat;
            }
        }
        return -1;
    }

    private static int markOf(final int seat)
    {
        return seat + 1;
    }

    private static int otherMark(final int mark)
    {
        return X == mark ? O : X;
    }
}
