package io.ringside.engine.game.tictactoe;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.game.ViewWriter;
import io.ringside.engine.logic.BufferStateReader;
import io.ringside.engine.logic.BufferStateWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.ringside.engine.game.tictactoe.TicTacToeRoom.O;
import static io.ringside.engine.game.tictactoe.TicTacToeRoom.PHASE_PLAYING;
import static io.ringside.engine.game.tictactoe.TicTacToeRoom.PHASE_ROUND_OVER;
import static io.ringside.engine.game.tictactoe.TicTacToeRoom.PHASE_WAITING;
import static io.ringside.engine.game.tictactoe.TicTacToeRoom.X;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives a tic-tac-toe room directly through the {@link GameRoom} calls the engine makes, recording the events and
 * the view it produces, so that every rule is checked without the ring, sessions or the wire.
 */
class TicTacToeGameTest
{
    /**
     * 50 ms ticks: the 3 s pause is exactly 60 ticks.
     */
    private static final long TICK_INTERVAL_NS = 50_000_000L;
    private static final long PAUSE_TICKS = 60;

    private final RecordingEvents events = new RecordingEvents();
    private final RecordingView view = new RecordingView();
    private final UnsafeBuffer savedBytes = new UnsafeBuffer(new byte[GameRoom.MAX_SAVED_STATE_BYTES]);
    private final BufferStateWriter saved = new BufferStateWriter();

    private TicTacToeRoom room;
    private long tick;

    @BeforeEach
    void before()
    {
        room = newRoom(TICK_INTERVAL_NS);
    }

    @Test
    void gameDescribesItself()
    {
        final TicTacToeGame game = new TicTacToeGame();
        assertEquals("tictactoe", game.name());
        assertEquals(2, game.maxPlayers());
        assertEquals(0.0f, game.viewRadius());
        assertInstanceOf(TicTacToeRoom.class, game.createRoom(settings(TICK_INTERVAL_NS)));

        final GameRegistry registry = new GameRegistry().register(game);
        assertSame(game, registry.get("tictactoe"));
    }

    @Test
    void refusesNonPositiveTickInterval()
    {
        assertThrows(IllegalArgumentException.class, () -> newRoom(0));
    }

    @Test
    void pauseIsThreeSecondsRoundedUpToWholeTicks()
    {
        assertEquals(PAUSE_TICKS, room.pauseTicks());
        assertEquals(180, newRoom(16_666_667L).pauseTicks());
        assertEquals(3, newRoom(1_000_000_007L).pauseTicks());
        assertEquals(5, newRoom(700_000_000L).pauseTicks());
        assertEquals(1, newRoom(4_000_000_000L).pauseTicks());
    }

    @Test
    void seatsXThenOAndStartsTheFirstRound()
    {
        final int x = room.onJoin(1001, null, events);
        assertEquals(100, x);
        assertTrue(events.isEmpty(), "no round with one player");
        assertEquals(PHASE_WAITING, room.phase());
        assertEquals(0, room.turnEntityId());

        writeView();
        assertEquals(X, view.get(x).state);
        assertEquals(PHASE_WAITING, view.get(TicTacToeRoom.GAME_STATE_ENTITY_ID).state);

        final int o = room.onJoin(1002, null, events);
        assertEquals(101, o);
        events.assertNext(GameEventType.ROUND_STARTED, x, 1);
        events.assertEmpty();

        assertEquals(PHASE_PLAYING, room.phase());
        assertEquals(1, room.round());
        assertEquals(x, room.turnEntityId());

        writeView();
        assertEquals(X, view.get(x).state);
        assertEquals(O, view.get(o).state);
    }

    @Test
    void chatGoesToTheOtherSeatWithTheSenderInFront()
    {
        final int x = join();
        final int o = join();
        events.clear();
        final UnsafeBuffer line = new UnsafeBuffer(new byte[64]);
        final int length = line.putStringWithoutLengthUtf8(8, "gg, rematch?");
        final long before = hash(room);

        assertEquals(ErrorCode.OK, room.onMessage(x, TicTacToeGame.CHAT, line, 8, length, events));

        assertEquals(1, events.messages().size());
        final Message relayed = events.messages().get(0);
        assertEquals(new Message(0, x, TicTacToeGame.CHAT, relayed.payload()), relayed, "to all but the sender");
        final UnsafeBuffer payload = new UnsafeBuffer(relayed.payload());
        assertEquals(x, payload.getInt(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals("gg, rematch?", payload.getStringWithoutLengthUtf8(TicTacToeGame.CHAT_SENDER_LENGTH, length));
        assertTrue(relayed.payload().length <= new TicTacToeGame().messages().toClientCapBytes(TicTacToeGame.CHAT));
        assertEquals(before, hash(room), "chat changes no state");
        events.assertEmpty();

        assertEquals(ErrorCode.INVALID_INPUT, room.onMessage(o, TicTacToeGame.CHAT, line, 8, 0, events), "empty");
        assertEquals(ErrorCode.INVALID_INPUT, room.onMessage(999, TicTacToeGame.CHAT, line, 8, length, events),
            "no seat");
        assertEquals(ErrorCode.UNKNOWN_OPCODE, room.onMessage(o, 2, line, 8, length, events));
        assertEquals(1, events.messages().size(), "refusals send nothing");
    }

    @Test
    void turnsAlternateAndOutOfTurnIsRefused()
    {
        final int x = join();
        final int o = join();
        events.clear();

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 4, events), "X moves first in round 1");
        assertEquals(ErrorCode.OK, room.onAction(x, 4, events));
        events.assertNext(GameEventType.TURN_TAKEN, x, 4);
        assertEquals(o, room.turnEntityId());

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(x, 0, events));
        assertEquals(ErrorCode.OK, room.onAction(o, 0, events));
        events.assertNext(GameEventType.TURN_TAKEN, o, 0);

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 1, events));
        assertEquals(ErrorCode.OK, room.onAction(x, 8, events));
        events.assertNext(GameEventType.TURN_TAKEN, x, 8);
        events.assertEmpty();
    }

    @Test
    void turnTakenCarriesColumnAndRow()
    {
        final int x = join();
        join();
        events.clear();

        assertEquals(ErrorCode.OK, room.onAction(x, 5, events));
        final Event event = events.assertNext(GameEventType.TURN_TAKEN, x, 5);
        assertEquals(2.0f, event.x);
        assertEquals(1.0f, event.y);
    }

    @Test
    void invalidInputs()
    {
        final int x = join();
        final int o = join();
        assertEquals(ErrorCode.OK, room.onAction(x, 4, events));
        events.clear();

        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(o, 4, events), "occupied cell");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(o, 9, events), "cell 9");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(o, -1, events), "negative cell");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(o, Integer.MAX_VALUE, events));
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(999, 0, events), "unseated entity");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(0, 0, events), "no entity");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(1, 0, events), "a board cell is not a player");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(TicTacToeRoom.GAME_STATE_ENTITY_ID, 0, events));
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(x, 9, events), "range before turn");
        events.assertEmpty();

        assertEquals(o, room.turnEntityId(), "refusals change nothing");
        assertEquals(ErrorCode.OK, room.onAction(o, 0, events));
    }

    @Test
    void realTimeInputIsNotSupported()
    {
        final int x = join();
        join();
        assertEquals(ErrorCode.INVALID_INPUT, room.onInput(x, 1.0f, 0.0f, true, events));
    }

    @Test
    void noMoveBeforeTheRoundStarts()
    {
        final int x = join();
        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(x, 0, events));
        events.assertEmpty();
    }

    @Test
    void winInARow()
    {
        final int x = join();
        final int o = join();
        events.clear();

        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        assertWon(x, X, 5);
    }

    @Test
    void winInAColumn()
    {
        final int x = join();
        final int o = join();
        events.clear();

        play(x, 0, o, 1, x, 3, o, 2, x, 6);
        assertWon(x, X, 5);
    }

    @Test
    void winInADiagonal()
    {
        final int x = join();
        final int o = join();
        events.clear();

        play(x, 0, o, 1, x, 4, o, 2, x, 8);
        assertWon(x, X, 5);
    }

    @Test
    void oWinsOnTheOtherDiagonal()
    {
        final int x = join();
        final int o = join();
        events.clear();

        play(x, 0, o, 2, x, 1, o, 4, x, 8, o, 6);
        assertWon(o, O, 6);
        assertEquals(0, wins(x));
    }

    @Test
    void draw()
    {
        final int x = join();
        final int o = join();
        events.clear();

        // X O X
        // X O O
        // O X X
        play(x, 0, o, 1, x, 2, o, 4, x, 3, o, 5, x, 7, o, 6, x, 8);
        for (int i = 0; i < 9; i++)
        {
            events.assertNext(GameEventType.TURN_TAKEN, 0 == (i & 1) ? x : o, -1);
        }
        events.assertNext(GameEventType.GAME_OVER, 0, 0);
        events.assertEmpty();

        assertEquals(PHASE_ROUND_OVER, room.phase());
        assertEquals(0, room.turnEntityId());
        assertEquals(0, wins(x));
        assertEquals(0, wins(o));
    }

    @Test
    void noMovesAfterGameOver()
    {
        final int x = join();
        final int o = join();
        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        events.clear();

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 5, events));
        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(x, 5, events));
        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 0, events), "occupied, but no round in play");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(o, 9, events));
        events.assertEmpty();

        writeView();
        assertEquals(0, view.get(5 + 1).state);
    }

    @Test
    void nextRoundStartsAfterThePauseWithOMovingFirst()
    {
        final int x = join();
        final int o = join();
        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        events.clear();

        ticks(PAUSE_TICKS - 1);
        events.assertEmpty();
        assertEquals(PHASE_ROUND_OVER, room.phase());
        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 5, events));

        ticks(1);
        events.assertNext(GameEventType.ROUND_STARTED, o, 2);
        events.assertEmpty();
        assertEquals(PHASE_PLAYING, room.phase());
        assertEquals(2, room.round());
        assertEquals(o, room.turnEntityId());

        writeView();
        for (int cell = 0; cell < 9; cell++)
        {
            assertEquals(0, view.get(cell + 1).state, "board cleared");
        }

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(x, 0, events));
        assertEquals(ErrorCode.OK, room.onAction(o, 0, events));
        assertEquals(ErrorCode.OK, room.onAction(x, 4, events));
        assertEquals(1, wins(x), "wins carry over rounds");

        ticks(PAUSE_TICKS * 2);
        events.assertNext(GameEventType.TURN_TAKEN, o, 0);
        events.assertNext(GameEventType.TURN_TAKEN, x, 4);
        events.assertEmpty();
        assertEquals(2, room.round(), "ticks during play start nothing");
    }

    @Test
    void thirdRoundHasXMovingFirstAgain()
    {
        final int x = join();
        final int o = join();
        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        ticks(PAUSE_TICKS);
        play(o, 0, x, 3, o, 1, x, 4, o, 2);
        assertEquals(1, wins(o));
        events.clear();

        ticks(PAUSE_TICKS);
        events.assertNext(GameEventType.ROUND_STARTED, x, 3);
        assertEquals(x, room.turnEntityId());
    }

    @Test
    void leaveMidRoundEndsTheRoundForTheRemainingPlayer()
    {
        final int x = join();
        final int o = join();
        play(x, 0, o, 4);
        events.clear();

        room.onLeave(x, LeaveReason.CONSENTED, events);
        events.assertNext(GameEventType.GAME_OVER, o, O);
        events.assertEmpty();
        assertEquals(0, wins(o), "a forfeit by leaving does not count as a win");
        assertEquals(PHASE_WAITING, room.phase());
        assertEquals(0, room.turnEntityId());
        assertFalse(room.savePlayer(x, saved));

        writeView();
        assertNull(view.find(x), "the leaver is gone from the view");
        assertEquals(O, view.get(o).state);
        assertEquals(0, view.get(TicTacToeRoom.GAME_STATE_ENTITY_ID).ownerId);

        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(o, 1, events), "waiting for a player");
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(x, 1, events), "the leaver is no longer seated");
        ticks(PAUSE_TICKS * 2);
        events.assertEmpty();

        final int newcomer = room.onJoin(1003, null, events);
        assertEquals(102, newcomer, "ids are never reused");
        events.assertNext(GameEventType.ROUND_STARTED, o, 2);
        writeView();
        assertEquals(X, view.get(newcomer).state, "the newcomer takes the free mark");
        assertEquals(O, view.get(o).state);
        assertEquals(9, view.cellCount());
        for (int cell = 0; cell < 9; cell++)
        {
            assertEquals(0, view.get(cell + 1).state, "board cleared for the new round");
        }
    }

    @Test
    void newcomerTakesTheFreeOSeat()
    {
        final int x = join();
        final int o = join();
        room.onLeave(o, LeaveReason.CONSENTED, events);
        events.clear();

        final int newcomer = join();
        events.assertNext(GameEventType.ROUND_STARTED, newcomer, 2);
        writeView();
        assertEquals(X, view.get(x).state);
        assertEquals(O, view.get(newcomer).state);
        assertEquals(ErrorCode.NOT_YOUR_TURN, room.onAction(x, 0, events));
        assertEquals(ErrorCode.OK, room.onAction(newcomer, 0, events));
    }

    @Test
    void leaveDuringThePauseCancelsIt()
    {
        final int x = join();
        final int o = join();
        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        ticks(10);
        events.clear();

        room.onLeave(o, LeaveReason.CONSENTED, events);
        events.assertEmpty();
        assertEquals(PHASE_WAITING, room.phase());
        assertEquals(1, wins(x));

        ticks(PAUSE_TICKS * 2);
        events.assertEmpty();
        assertEquals(1, room.round());

        final int newcomer = join();
        events.assertNext(GameEventType.ROUND_STARTED, newcomer, 2);
    }

    @Test
    void leaveWhileWaitingOrOfAStrangerIsQuiet()
    {
        final int x = join();
        room.onLeave(999, LeaveReason.CONSENTED, events);
        room.onLeave(x, LeaveReason.CONSENTED, events);
        events.assertEmpty();

        writeView();
        assertEquals(0, view.playerCount());
        assertEquals(PHASE_WAITING, room.phase());

        final int next = join();
        assertEquals(101, next);
        writeView();
        assertEquals(X, view.get(next).state, "X is free again");
    }

    @Test
    void restoresWinsFromSavedState()
    {
        saved.wrap(savedBytes, 0).putInt(5);
        final int x = room.onJoin(1001, new BufferStateReader().wrap(savedBytes, 0, saved.length()), events);
        final int o = room.onJoin(1002, null, events);
        assertEquals(5, wins(x));
        assertEquals(0, wins(o));

        writeView();
        assertEquals(5, view.get(x).score);

        play(x, 0, o, 3, x, 1, o, 4, x, 2);
        assertEquals(6, wins(x));
    }

    @Test
    void savePlayerWritesOnlyTheWins()
    {
        final int x = join();

        assertTrue(room.savePlayer(x, saved.wrap(savedBytes, 0)));
        assertEquals(Integer.BYTES, saved.length(), "one int: the wins");
        assertEquals(0, savedBytes.getInt(0, ByteOrder.LITTLE_ENDIAN));
        assertFalse(room.savePlayer(999, saved.wrap(savedBytes, 0)));
        assertFalse(room.savePlayer(1, saved.wrap(savedBytes, 0)));
        assertEquals(0, saved.length(), "nothing written for an entity without a seat");
    }

    @Test
    void viewShowsBoardPlayersAndGameState()
    {
        writeView();
        assertEquals(10, view.entities.size(), "an empty room shows the board and the game state");

        final int x = join();
        final int o = join();
        play(x, 4, o, 0, x, 7);

        writeView();
        assertEquals(12, view.entities.size());
        assertTrue(view.entities.size() <= room.maxViewEntities());
        assertEquals(9, view.cellCount());
        assertEquals(2, view.playerCount());

        for (int cell = 0; cell < 9; cell++)
        {
            final Entity entity = view.get(cell + 1);
            assertEquals(EntityKind.BOARD_CELL, entity.kind);
            assertEquals(cell % 3, entity.x);
            assertEquals(cell / 3, entity.y);
            final int expected = 4 == cell || 7 == cell ? X : 0 == cell ? O : 0;
            assertEquals(expected, entity.state, "cell " + cell);
        }

        final Entity playerX = view.get(x);
        assertEquals(EntityKind.PLAYER, playerX.kind);
        assertEquals(X, playerX.state);
        assertEquals(0, playerX.score);
        final Entity playerO = view.get(o);
        assertEquals(EntityKind.PLAYER, playerO.kind);
        assertEquals(O, playerO.state);

        final Entity gameState = view.get(TicTacToeRoom.GAME_STATE_ENTITY_ID);
        assertEquals(EntityKind.GAME_STATE, gameState.kind);
        assertEquals(PHASE_PLAYING, gameState.state);
        assertEquals(1, gameState.score);
        assertEquals(o, gameState.ownerId);
        assertEquals(0, gameState.health);

        for (final Entity entity : view.entities)
        {
            assertTrue(Float.isFinite(entity.x) && Float.isFinite(entity.y), entity.toString());
            assertEquals(0.0f, entity.rotation);
            assertEquals(0.0f, entity.vx);
            assertEquals(0.0f, entity.vy);
        }

        play(o, 1);
        assertEquals(ErrorCode.INVALID_INPUT, room.onAction(x, 1, events));
        play(x, 2, o, 3, x, 6);

        writeView();
        assertEquals(PHASE_ROUND_OVER, view.get(TicTacToeRoom.GAME_STATE_ENTITY_ID).state);
        assertEquals(0, view.get(TicTacToeRoom.GAME_STATE_ENTITY_ID).ownerId);
        assertEquals(1, view.get(x).score);
    }

    @Test
    void hashChangesWithStateAndIsEqualForEqualCalls()
    {
        final TicTacToeRoom other = newRoom(TICK_INTERVAL_NS);
        assertEquals(hash(room), hash(other));

        final int x = join();
        final int o = join();
        final RecordingEvents otherEvents = new RecordingEvents();
        assertEquals(x, other.onJoin(1001, null, otherEvents));
        assertEquals(o, other.onJoin(1002, null, otherEvents));
        assertEquals(hash(room), hash(other));

        final long before = hash(room);
        assertEquals(ErrorCode.OK, room.onAction(x, 4, events));
        assertNotEquals(before, hash(room), "a move changes the hash");
        assertEquals(ErrorCode.OK, other.onAction(x, 4, otherEvents));
        assertEquals(hash(room), hash(other));

        final int[] moves = {o, 0, x, 3, o, 1, x, 5};
        for (int i = 0; i < moves.length; i += 2)
        {
            assertEquals(ErrorCode.OK, room.onAction(moves[i], moves[i + 1], events));
            assertEquals(ErrorCode.OK, other.onAction(moves[i], moves[i + 1], otherEvents));
        }
        assertEquals(PHASE_ROUND_OVER, room.phase());
        assertEquals(hash(room), hash(other));

        final long pausing = hash(room);
        room.onTick(1, events);
        assertNotEquals(pausing, hash(room), "the pause countdown is state");
        other.onTick(1, otherEvents);
        assertEquals(hash(room), hash(other));

        final long paused = hash(room);
        room.onAction(o, 9, events);
        room.onAction(999, 0, events);
        room.onAction(x, 8, events);
        assertEquals(paused, hash(room), "refused actions change nothing");

        room.onLeave(o, LeaveReason.CONSENTED, events);
        other.onLeave(o, LeaveReason.CONSENTED, otherEvents);
        assertEquals(hash(room), hash(other));
        assertEquals(events.size(), otherEvents.size());
    }

    @Test
    void hashDependsOnWhoPlayedWhere()
    {
        final TicTacToeRoom other = newRoom(TICK_INTERVAL_NS);
        final int x = join();
        final int o = join();
        other.onJoin(1001, null, events);
        other.onJoin(1002, null, events);

        play(x, 0, o, 1);
        assertEquals(ErrorCode.OK, other.onAction(x, 1, events));
        assertEquals(ErrorCode.OK, other.onAction(o, 0, events));
        assertNotEquals(hash(room), hash(other));
    }

    private static RoomSettings settings(final long tickIntervalNs)
    {
        return new RoomSettings(7, 2, tickIntervalNs, 42);
    }

    private static TicTacToeRoom newRoom(final long tickIntervalNs)
    {
        return new TicTacToeRoom(settings(tickIntervalNs));
    }

    private static long hash(final GameRoom room)
    {
        final StateHasher hasher = new StateHasher();
        room.writeState(hasher);
        return hasher.value();
    }

    private int join()
    {
        return room.onJoin(2000 + tick, null, events);
    }

    /**
     * Play (entity, cell) pairs, each of which must be accepted.
     */
    private void play(final int... moves)
    {
        for (int i = 0; i < moves.length; i += 2)
        {
            assertEquals(ErrorCode.OK, room.onAction(moves[i], moves[i + 1], events),
                "entity " + moves[i] + " on cell " + moves[i + 1]);
        }
    }

    private void ticks(final long count)
    {
        for (long i = 0; i < count; i++)
        {
            room.onTick(++tick, events);
        }
    }

    private int wins(final int entityId)
    {
        assertTrue(room.savePlayer(entityId, saved.wrap(savedBytes, 0)));
        return savedBytes.getInt(0, ByteOrder.LITTLE_ENDIAN);
    }

    private void writeView()
    {
        view.entities.clear();
        room.writeView(view);
    }

    private void assertWon(final int winner, final int mark, final int moveCount)
    {
        for (int i = 0; i < moveCount; i++)
        {
            events.assertNext(GameEventType.TURN_TAKEN, -1, -1);
        }
        events.assertNext(GameEventType.GAME_OVER, winner, mark);
        events.assertEmpty();

        assertEquals(1, wins(winner));
        assertEquals(PHASE_ROUND_OVER, room.phase());
        assertEquals(0, room.turnEntityId());

        writeView();
        assertEquals(1, view.get(winner).score);
    }

    record Event(GameEventType type, int recipientId, int subjectId, int objectId, int value, float x, float y)
    {
    }

    /**
     * A message a room sent: to one entity ({@code exceptId} 0), to the room (both 0), or to all but
     * {@code exceptId}.
     */
    record Message(int recipientId, int exceptId, int opcode, byte[] payload)
    {
    }

    record Entity(int entityId, EntityKind kind, float x, float y, float rotation, float vx, float vy,
        int health, int score, int state, int ownerId)
    {
    }

    /**
     * Records events in order; {@code toPlayer} events keep their recipient, {@code toRoom} events have 0.
     */
    static final class RecordingEvents implements GameEvents
    {
        private final List<Event> events = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private int next;

        public void toRoom(
            final GameEventType type, final int subjectId, final int objectId, final int value, final float x,
            final float y)
        {
            events.add(new Event(type, 0, subjectId, objectId, value, x, y));
        }

        public void toPlayer(
            final int recipientEntityId,
            final GameEventType type,
            final int subjectId,
            final int objectId,
            final int value,
            final float x,
            final float y)
        {
            events.add(new Event(type, recipientEntityId, subjectId, objectId, value, x, y));
        }

        public void messageToPlayer(
            final int recipientEntityId, final int opcode, final DirectBuffer payload, final int offset,
            final int length)
        {
            messages.add(new Message(recipientEntityId, 0, opcode, copy(payload, offset, length)));
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            messages.add(new Message(0, 0, opcode, copy(payload, offset, length)));
        }

        public void messageToRoomExcept(
            final int exceptEntityId, final int opcode, final DirectBuffer payload, final int offset,
            final int length)
        {
            messages.add(new Message(0, exceptEntityId, opcode, copy(payload, offset, length)));
        }

        private static byte[] copy(final DirectBuffer payload, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            payload.getBytes(offset, bytes);
            return bytes;
        }

        List<Message> messages()
        {
            return messages;
        }

        /**
         * Check the next unread event; -1 for subject or value means any.
         */
        Event assertNext(final GameEventType type, final int subjectId, final int value)
        {
            assertTrue(next < events.size(), "expected " + type + " but no more events: " + events);
            final Event event = events.get(next++);
            assertEquals(type, event.type, event.toString());
            assertEquals(0, event.recipientId, "every tic-tac-toe event goes to the room: " + event);
            if (-1 != subjectId)
            {
                assertEquals(subjectId, event.subjectId, event.toString());
            }
            if (-1 != value)
            {
                assertEquals(value, event.value, event.toString());
            }
            assertTrue(Float.isFinite(event.x) && Float.isFinite(event.y), event.toString());
            return event;
        }

        void assertEmpty()
        {
            assertEquals(next, events.size(), "unexpected events: " + events.subList(next, events.size()));
        }

        boolean isEmpty()
        {
            return next == events.size();
        }

        int size()
        {
            return events.size();
        }

        void clear()
        {
            events.clear();
            next = 0;
        }
    }

    /**
     * Records the entities of one {@link GameRoom#writeView} call and checks that no id is written twice.
     */
    static final class RecordingView implements ViewWriter
    {
        final List<Entity> entities = new ArrayList<>();

        public void entity(
            final int entityId,
            final EntityKind kind,
            final float x,
            final float y,
            final float rotation,
            final float vx,
            final float vy,
            final int health,
            final int score,
            final int state,
            final int ownerId)
        {
            assertNull(find(entityId), "entity written twice: " + entityId);
            entities.add(new Entity(entityId, kind, x, y, rotation, vx, vy, health, score, state, ownerId));
        }

        Entity find(final int entityId)
        {
            for (final Entity entity : entities)
            {
                if (entity.entityId == entityId)
                {
                    return entity;
                }
            }
            return null;
        }

        Entity get(final int entityId)
        {
            final Entity entity = find(entityId);
            assertTrue(null != entity, "no entity " + entityId + " in " + entities);
            return entity;
        }

        int count(final EntityKind kind)
        {
            int count = 0;
            for (final Entity entity : entities)
            {
                if (entity.kind == kind)
                {
                    count++;
                }
            }
            return count;
        }

        int cellCount()
        {
            return count(EntityKind.BOARD_CELL);
        }

        int playerCount()
        {
            return count(EntityKind.PLAYER);
        }
    }
}
