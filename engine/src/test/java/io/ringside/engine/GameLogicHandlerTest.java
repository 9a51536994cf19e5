package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.LineGame;
import io.ringside.engine.support.Received;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logic handler and egress driven by hand, one event at a time, no threads: sessions, rooms, errors, snapshots
 * and events as a client receives them.
 */
class GameLogicHandlerTest
{
    private static GameRegistry games()
    {
        return new GameRegistry()
            .register(new ArenaGame(new ArenaSettings().maxPlayers(4)))
            .register(new TicTacToeGame())
            .register(new LineGame(16, 250, 100));
    }

    private final EngineHarness engine = new EngineHarness(games(), true);

    private static void assertGapFree(final List<Received> received)
    {
        for (int i = 0; i < received.size(); i++)
        {
            assertEquals(i + 1, received.get(i).sequence, "sequence of message " + i + ": " + received);
        }
    }

    @Test
    void connectJoinAndSnapshotsWithGapFreeSequences()
    {
        final long session = engine.connect(7);
        engine.join(session, "arena", 0, 99);
        engine.input(session, 1, 1, 0, false);
        engine.ticks(3);

        final List<Received> received = engine.received(session);
        assertGapFree(received);
        assertEquals(MessageType.SESSION_RESULT, received.get(0).type);
        assertEquals(ErrorCode.OK, received.get(0).code);
        assertEquals(session, received.get(0).sessionId);
        assertEquals(7, received.get(0).playerId);
        assertEquals(MessageType.ROOM_JOINED, received.get(1).type);
        final int entityId = received.get(1).entityId;
        assertTrue(entityId > 0);

        final List<Received> snapshots = received.stream().filter(r -> r.type == MessageType.SNAPSHOT)
            .collect(Collectors.toList());
        assertEquals(3, snapshots.size());
        assertEquals(SnapshotType.FULL, snapshots.get(0).snapshotType);
        assertNotNull(snapshots.get(0).entity(entityId), "a player sees itself");
        assertEquals(1, snapshots.get(0).lastInputSequence, "the input is acknowledged");
        assertEquals(1_000_000L, snapshots.get(0).lastInputTimeNs, "with its client timestamp echoed");
        assertEquals(SnapshotType.DELTA, snapshots.get(1).snapshotType);
        assertEquals(snapshots.get(0).sequence, snapshots.get(1).baselineSequence);
        assertEquals(0, engine.transport.invalidMessages());
    }

    @Test
    void deltasCarryOnlyWhatChangedAndRemovals()
    {
        final long a = engine.connect(1);
        final long b = engine.connect(2);
        engine.join(a, "line", 0, 1);
        engine.join(b, "line", 0, 1);
        engine.ticks(2);

        Received snapshot = engine.last(a, MessageType.SNAPSHOT);
        assertEquals(SnapshotType.DELTA, snapshot.snapshotType);
        assertTrue(snapshot.entities.isEmpty(), "nothing moved, nothing sent");
        assertTrue(snapshot.removed.isEmpty());

        engine.leave(b);
        engine.tick();
        snapshot = engine.last(a, MessageType.SNAPSHOT);
        assertEquals(List.of(102), snapshot.removed, "the player that left is removed from view");
    }

    @Test
    void interestManagementLimitsWhatAFarAwayPlayerSees()
    {
        final long[] sessions = new long[10];
        for (int p = 1; p <= 9; p++)
        {
            sessions[p] = engine.connect(p);
            engine.join(sessions[p], "line", 0, 1);
        }
        engine.tick();

        final Received first = engine.last(sessions[1], MessageType.SNAPSHOT);
        assertEquals(List.of(101, 102, 103), ids(first), "x=100 sees x=200 and x=300 within radius 250");
        final Received middle = engine.last(sessions[5], MessageType.SNAPSHOT);
        assertEquals(List.of(103, 104, 105, 106, 107), ids(middle));
    }

    @Test
    void theNearestAreKeptWhenMoreThanTheCapAreInView()
    {
        final EngineHarness small = new EngineHarness(
            new GameRegistry().register(new LineGame(16, 10_000, 100)), true, EngineHarness.defaultSettings(), 3,
            64 * 1024);
        final long[] sessions = new long[8];
        for (int p = 1; p <= 7; p++)
        {
            sessions[p] = small.connect(p);
            small.join(sessions[p], "line", 0, 1);
        }
        small.tick();
        assertEquals(List.of(103, 104, 105), ids(small.last(sessions[4], MessageType.SNAPSHOT)),
            "itself and its two nearest neighbours");
        assertTrue(small.egress.counters().entitiesOutOfView() > 0);
    }

    private static List<Integer> ids(final Received snapshot)
    {
        return snapshot.entities.stream().map(Received.Entity::id).sorted().collect(Collectors.toList());
    }

    @Test
    void requestsThatCannotBeServedGetStructuredErrors()
    {
        final long session = engine.connect(1);
        engine.input(session, 1, 0, 0, false);
        engine.leave(session);
        engine.join(session, "chess", 0, 1);
        engine.join(session, "arena", 424242, 1);
        engine.join(session, "arena", 0, 1);
        engine.join(session, "arena", 0, 1);

        final List<ErrorCode> errors = engine.received(session).stream().filter(r -> r.type == MessageType.ERROR)
            .map(r -> r.code).collect(Collectors.toList());
        assertEquals(List.of(ErrorCode.NOT_IN_ROOM, ErrorCode.NOT_IN_ROOM, ErrorCode.NO_SUCH_GAME,
            ErrorCode.NO_SUCH_ROOM, ErrorCode.ALREADY_IN_ROOM), errors);
        assertEquals(2, engine.logic.counters().rejections(ErrorCode.NOT_IN_ROOM));
        assertGapFree(engine.received(session));
    }

    @Test
    void fullRoomsRefuseByIdAndAnyOpensANewRoom()
    {
        final long a = engine.connect(1);
        final long b = engine.connect(2);
        final long c = engine.connect(3);
        engine.join(a, "tictactoe", 0, 1);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.join(b, "tictactoe", roomId, 1);
        assertEquals(roomId, engine.last(b, MessageType.ROOM_JOINED).roomId);

        engine.join(c, "tictactoe", roomId, 1);
        assertEquals(ErrorCode.ROOM_FULL, engine.last(c, MessageType.ERROR).code);
        engine.join(c, "tictactoe", 0, 1);
        assertNotEquals(roomId, engine.last(c, MessageType.ROOM_JOINED).roomId);
        assertEquals(2, engine.logic.roomCount());
    }

    @Test
    void gameMessagesReachTheGameOnlyWhenDeclaredAndComeBackInSequence()
    {
        final long x = engine.connect(1);
        final long o = engine.connect(2);
        final long lobby = engine.connect(3);
        engine.join(x, "tictactoe", 0, 1);
        engine.join(o, "tictactoe", 0, 1);
        final long roomId = engine.last(x, MessageType.ROOM_JOINED).roomId;
        final int xEntity = engine.last(x, MessageType.ROOM_JOINED).entityId;
        final byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);

        engine.gameMessage(x, 20, TicTacToeGame.CHAT, hello);

        final Received relayed = engine.last(o, MessageType.ROOM_MESSAGE);
        assertNotNull(relayed, "the other seat gets the chat");
        assertEquals(roomId, relayed.roomId);
        assertEquals(TicTacToeGame.CHAT, relayed.opcode);
        final UnsafeBuffer payload = new UnsafeBuffer(relayed.payload);
        assertEquals(xEntity, payload.getInt(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals("hello", payload.getStringWithoutLengthUtf8(TicTacToeGame.CHAT_SENDER_LENGTH, hello.length));
        assertNull(engine.last(x, MessageType.ROOM_MESSAGE), "not back to the sender");
        assertEquals(1, engine.logic.counters().gameMessages());
        assertEquals(1, engine.logic.counters().roomMessages());

        engine.gameMessage(x, 21, 7, hello);
        assertEquals(ErrorCode.UNKNOWN_OPCODE, engine.last(x, MessageType.ERROR).code);
        assertEquals(21, engine.last(x, MessageType.ERROR).correlationId);
        engine.gameMessage(x, 22, TicTacToeGame.CHAT, new byte[TicTacToeGame.MAX_CHAT_BYTES + 1]);
        assertEquals(ErrorCode.MESSAGE_TOO_LONG, engine.last(x, MessageType.ERROR).code);
        engine.gameMessage(x, 23, TicTacToeGame.CHAT, new byte[0]);
        assertEquals(ErrorCode.INVALID_INPUT, engine.last(x, MessageType.ERROR).code, "the game's own refusal");
        engine.gameMessage(lobby, 24, TicTacToeGame.CHAT, hello);
        assertEquals(ErrorCode.NOT_IN_ROOM, engine.last(lobby, MessageType.ERROR).code);

        assertEquals(1, engine.logic.counters().gameMessages(), "refused messages are not applied");
        assertEquals(1, engine.logic.counters().roomMessages());
        assertEquals(1, engine.logic.counters().rejections(ErrorCode.UNKNOWN_OPCODE));
        assertEquals(1, engine.logic.counters().rejections(ErrorCode.MESSAGE_TOO_LONG));
        assertEquals(1, engine.received(o).stream().filter(r -> r.type == MessageType.ROOM_MESSAGE).count());
        assertGapFree(engine.received(x));
        assertGapFree(engine.received(o));
    }

    @Test
    void eachGameReadsOnlyWhatItSavedOfAPlayer()
    {
        final long x = engine.connect(1);
        final long o = engine.connect(2);
        engine.join(x, "arena", 0, 5);
        engine.ticks(2);
        engine.leave(x);

        // the arena saved player 1 (a ship's position and health: 28 bytes); tic-tac-toe must not read them as wins
        engine.join(x, "tictactoe", 0, 1);
        engine.join(o, "tictactoe", 0, 1);
        engine.tick();
        final int xEntity = engine.last(x, MessageType.ROOM_JOINED).entityId;
        final Received view = engine.last(o, MessageType.SNAPSHOT);
        assertNotNull(view, engine.received(o).toString());
        assertEquals(0, view.entity(xEntity).score(), "no wins: nothing tic-tac-toe saved of player 1");

        // tic-tac-toe's own saved state comes back: a win, a leave, a return
        engine.turnAction(x, 1, 0);
        engine.turnAction(o, 2, 3);
        engine.turnAction(x, 3, 1);
        engine.turnAction(o, 4, 4);
        engine.turnAction(x, 5, 2);
        engine.leave(x);
        engine.join(x, "tictactoe", 0, 1);
        engine.tick();
        final int back = engine.last(x, MessageType.ROOM_JOINED).entityId;
        assertEquals(1, engine.last(o, MessageType.SNAPSHOT).entity(back).score(), "the win was kept");
    }

    @Test
    void aCheckpointWithASessionInNoRoomRestores()
    {
        final long lobby = engine.connect(1);
        final long seated = engine.connect(2);
        engine.join(seated, "arena", 0, 3);
        engine.ticks(2);

        final org.agrona.ExpandableArrayBuffer saved = new org.agrona.ExpandableArrayBuffer(4096);
        final io.ringside.engine.logic.BufferStateWriter writer =
            new io.ringside.engine.logic.BufferStateWriter().wrap(saved, 0);
        engine.logic.writeState(writer);
        final EngineHarness restored = new EngineHarness(games(), true);
        restored.logic.readState(new io.ringside.engine.logic.BufferStateReader().wrap(saved, 0, writer.length()));

        assertEquals(engine.logic.stateHash(), restored.logic.stateHash());
        assertEquals(2, restored.logic.sessionCount(), "the session in no room too: " + lobby);
    }

    @Test
    void turnBasedGameThroughTheHandler()
    {
        final long x = engine.connect(1);
        final long o = engine.connect(2);
        engine.join(x, "tictactoe", 0, 1);
        engine.join(o, "tictactoe", 0, 1);

        engine.turnAction(o, 10, 4);
        assertEquals(ErrorCode.NOT_YOUR_TURN, engine.last(o, MessageType.ERROR).code);
        assertEquals(10, engine.last(o, MessageType.ERROR).correlationId);

        engine.turnAction(x, 11, 0);
        engine.turnAction(o, 12, 0);
        assertEquals(ErrorCode.INVALID_INPUT, engine.last(o, MessageType.ERROR).code, "occupied cell");
        engine.turnAction(o, 13, 3);
        engine.turnAction(x, 14, 1);
        engine.turnAction(o, 15, 4);
        engine.turnAction(x, 16, 2);

        final List<GameEventType> events = engine.received(o).stream().filter(r -> r.type == MessageType.GAME_EVENT)
            .map(r -> r.eventType).collect(Collectors.toList());
        assertTrue(events.contains(GameEventType.ROUND_STARTED));
        assertEquals(5, events.stream().filter(e -> e == GameEventType.TURN_TAKEN).count());
        final Received over = engine.received(o).stream().filter(r -> r.eventType == GameEventType.GAME_OVER)
            .findFirst().orElseThrow();
        assertEquals(engine.last(x, MessageType.ROOM_JOINED).entityId, over.subjectId, "X won the top row");

        engine.tick();
        final Received board = engine.last(o, MessageType.SNAPSHOT);
        assertEquals(1, board.entity(1).state(), "cell 0 holds X");
        assertEquals(2, board.entity(4).state(), "cell 3 holds O");
        assertGapFree(engine.received(x));
        assertGapFree(engine.received(o));
    }

    @Test
    void pingIsAnsweredWithAPongStampedAtSend()
    {
        final long session = engine.connect(1);
        engine.ping(session, 77);
        final Received pong = engine.last(session, MessageType.PONG);
        assertEquals(77, pong.pingId);
        assertTrue(pong.serverSendTimeNs > 0, "egress stamps the send time");
    }

    @Test
    void reconnectWithTheResumeTokenResumesTheSamePlayerWithAFullSnapshot()
    {
        final long session = engine.connect(5);
        final Received result = engine.last(session, MessageType.SESSION_RESULT);
        engine.join(session, "arena", 0, 3);
        final int entityId = engine.last(session, MessageType.ROOM_JOINED).entityId;
        engine.ticks(2);

        engine.sessionLost(session, ErrorCode.SLOW_CONSUMER);
        assertFalse(engine.transport.isOpen(session));
        engine.ticks(5);

        final long wrongReply = engine.reconnect(session, result.tokenHigh, result.tokenLow + 1);
        assertEquals(ErrorCode.UNKNOWN_SESSION, engine.last(wrongReply, MessageType.SESSION_RESULT).code);

        engine.reconnect(session, result.tokenHigh, result.tokenLow);
        final Received resumed = engine.last(session, MessageType.SESSION_RESULT);
        assertEquals(ErrorCode.OK, resumed.code);
        assertEquals(session, resumed.sessionId);
        assertNotEquals(result.tokenLow, resumed.tokenLow, "the resume token is rotated");
        assertEquals(entityId, engine.last(session, MessageType.ROOM_JOINED).entityId, "same seat, same ship");

        engine.tick();
        final Received snapshot = engine.last(session, MessageType.SNAPSHOT);
        assertEquals(SnapshotType.FULL, snapshot.snapshotType);
        assertNotNull(snapshot.entity(entityId));
        assertGapFree(engine.received(session));

        engine.reconnect(session, result.tokenHigh, result.tokenLow);
        assertEquals(1, engine.logic.counters().rejections(ErrorCode.UNKNOWN_SESSION) - 1,
            "the old token no longer works");
    }

    @Test
    void silentSessionsTimeOutAreHeldThenForgottenAndEmptyRoomsClose()
    {
        final LogicContext settings = new LogicContext(EngineHarness.TICK_INTERVAL_NS, 10, 20, 5, 0, 100, 1024);
        final EngineHarness small = new EngineHarness(games(), true, settings, 64, 64 * 1024);
        final long session = small.connect(1);
        small.join(session, "arena", 0, 1);

        small.ticks(10);
        assertEquals(ErrorCode.TIMED_OUT, small.last(session, MessageType.ERROR).code);
        assertFalse(small.transport.isOpen(session));
        assertEquals(1, small.logic.sessionCount(), "held for a reconnect");
        assertEquals(1, small.logic.roomCount());

        small.ticks(20);
        assertEquals(0, small.logic.sessionCount(), "forgotten after the grace period");
        small.ticks(5);
        assertEquals(0, small.logic.roomCount(), "the empty room closed after its grace period");
    }

    @Test
    void aNewConnectOfTheSamePlayerReplacesTheOldSession()
    {
        final long first = engine.connect(9);
        final long second = engine.connect(9);
        assertEquals(ErrorCode.UNKNOWN_SESSION, engine.last(first, MessageType.ERROR).code);
        assertFalse(engine.transport.isOpen(first));
        assertTrue(engine.transport.isOpen(second));
        assertEquals(1, engine.logic.sessionCount());
        assertNull(engine.last(second, MessageType.ERROR));
    }
}
