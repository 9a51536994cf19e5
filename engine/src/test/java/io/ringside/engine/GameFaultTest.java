package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.InterceptedGame;
import io.ringside.engine.support.LineGame;
import io.ringside.engine.support.Received;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A game whose code throws must leave no trace of the event it failed on: its output taken back, the engine's state
 * as before, the player told GAME_FAULT, the fault counted and recorded. "State as before" is checked against a twin
 * engine that got a Ping from the same session instead (a message that changes nothing but that the session was
 * heard from): the two state hashes must be equal.
 */
class GameFaultTest
{
    private final InterceptedGame faulty = new InterceptedGame(new ArenaGame(new ArenaSettings().maxPlayers(4)));
    private final InterceptedGame twinGame = new InterceptedGame(new ArenaGame(new ArenaSettings().maxPlayers(4)));
    private final EngineHarness engine = harness(faulty);
    private final EngineHarness twin = harness(twinGame);
    private final List<Throwable> recorded = new ArrayList<>();

    private static EngineHarness harness(final InterceptedGame game)
    {
        return new EngineHarness(new GameRegistry().register(game).register(new LineGame(4, 0, 10)), true);
    }

    GameFaultTest()
    {
        engine.logic.faultHandler(recorded::add);
    }

    /**
     * Do the same to both engines.
     */
    private void both(final Consumer<EngineHarness> step)
    {
        step.accept(engine);
        step.accept(twin);
    }

    private static long errors(final EngineHarness h, final long session, final ErrorCode code)
    {
        return h.received(session).stream().filter(r -> MessageType.ERROR == r.type && code == r.code).count();
    }

    @Test
    void aJoinTheGameFailsOnSeatsNobodyAndCreatesNoRoom()
    {
        final long[] session = new long[1];
        both(h -> session[0] = h.connect(7));
        both(h -> h.ticks(2));

        faulty.failJoin = true;
        engine.join(session[0], "arena", 0, 99);
        twin.ping(session[0], 1);
        both(h -> h.ticks(2));

        assertEquals(1, errors(engine, session[0], ErrorCode.GAME_FAULT), "told: " + engine.received(session[0]));
        assertNull(engine.last(session[0], MessageType.ROOM_JOINED), "no seat announced");
        assertNull(engine.last(session[0], MessageType.SNAPSHOT), "no snapshots: egress seated nobody");
        assertEquals(0, engine.logic.roomCount(), "the room made for the join was not kept");
        assertEquals(twin.logic.stateHash(), engine.logic.stateHash(), "state as before");
        assertEquals(1, engine.logic.counters().gameFaults());
        assertEquals(1, recorded.size());

        faulty.failJoin = false;
        both(h -> h.join(session[0], "arena", 0, 99));
        both(h -> h.ticks(2));
        final Received joined = engine.last(session[0], MessageType.ROOM_JOINED);
        assertNotNull(joined);
        assertEquals(1, joined.roomId, "the failed join used up no room id");
        assertNotNull(engine.last(session[0], MessageType.SNAPSHOT));
        assertEquals(twin.logic.stateHash(), engine.logic.stateHash());
    }

    @Test
    void aRoomThatSendsAnUndeclaredMessageFailsTheRequestAndNothingOfItIsSent()
    {
        final InterceptedGame chat = new InterceptedGame(new TicTacToeGame());
        final EngineHarness engine = new EngineHarness(new GameRegistry().register(chat), true);
        final EngineHarness twin = new EngineHarness(new GameRegistry().register(new InterceptedGame(
            new TicTacToeGame())), true);
        engine.logic.faultHandler(recorded::add);
        final long x = engine.connect(1);
        final long o = engine.connect(2);
        assertEquals(x, twin.connect(1));
        assertEquals(o, twin.connect(2));
        for (final EngineHarness h : List.of(engine, twin))
        {
            h.join(x, TicTacToeGame.NAME, 0, 5);
            h.join(o, TicTacToeGame.NAME, 0, 5);
        }

        chat.sendUndeclared = true;
        engine.gameMessage(x, 31, TicTacToeGame.CHAT, "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        twin.ping(x, 1);
        engine.tick();
        twin.tick();

        assertEquals(1, errors(engine, x, ErrorCode.GAME_FAULT), "told: " + engine.received(x));
        assertEquals(31, engine.last(x, MessageType.ERROR).correlationId);
        assertNull(engine.last(o, MessageType.ROOM_MESSAGE), "neither the undeclared message nor the relay");
        assertEquals(0, engine.logic.counters().roomMessages());
        assertEquals(1, engine.logic.counters().gameFaults());
        assertEquals(1, recorded.size());
        assertTrue(recorded.get(0).getMessage().contains("undeclared opcode"), recorded.get(0).getMessage());
        assertEquals(twin.logic.stateHash(), engine.logic.stateHash(), "state as before");
    }

    @Test
    void anInputTheGameFailsOnIsNotTakenAndIsAnswered()
    {
        final long[] session = new long[1];
        both(h -> session[0] = h.connect(7));
        both(h -> h.join(session[0], "arena", 0, 99));
        both(h -> h.input(session[0], 1, 1, 0, false));
        both(h -> h.ticks(3));

        faulty.failInput = true;
        engine.input(session[0], 2, -1, 1, true);
        twin.ping(session[0], 1);
        both(h -> h.ticks(3));

        final List<Received> errors = engine.received(session[0]).stream()
            .filter(r -> MessageType.ERROR == r.type).toList();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(ErrorCode.GAME_FAULT, errors.get(0).code);
        assertEquals(2, errors.get(0).correlationId, "the input's sequence");
        assertEquals(1, engine.last(session[0], MessageType.SNAPSHOT).lastInputSequence, "input 2 was not taken");
        assertEquals(twin.logic.stateHash(), engine.logic.stateHash(), "state as before");
        assertEquals(1, engine.logic.counters().gameFaults());
    }

    @Test
    void aTickTheGameFailsOnIsTakenBackForThatRoomOnlyAndItsPlayersAreToldOnce()
    {
        final long player = engine.connect(7);
        engine.join(player, "arena", 0, 99);
        final long other = engine.connect(8);
        engine.join(other, "line", 0, 5);
        engine.ticks(2);
        final long snapshotsBefore = count(engine, player, MessageType.SNAPSHOT);
        final long otherBefore = count(engine, other, MessageType.SNAPSHOT);

        faulty.failTick = true;
        engine.ticks(5);
        assertEquals(snapshotsBefore, count(engine, player, MessageType.SNAPSHOT), "no frame from a failed tick");
        assertEquals(otherBefore + 5, count(engine, other, MessageType.SNAPSHOT), "the other room ticks on");
        assertEquals(1, errors(engine, player, ErrorCode.GAME_FAULT), "told once, not every tick");
        assertTrue(engine.received(player).stream().noneMatch(r -> GameEventType.ROUND_STARTED == r.eventType),
            "what the failed tick wrote before it threw was taken back");
        assertEquals(5, engine.logic.counters().gameFaults());
        assertEquals(5, recorded.size(), "recorded each time; the pipeline's distinct-error log keeps one entry");

        faulty.failTick = false;
        engine.ticks(2);
        assertEquals(snapshotsBefore + 2, count(engine, player, MessageType.SNAPSHOT), "it recovers");
    }

    @Test
    void aLeaveTheGameFailsOnKeepsTheSeatButADisconnectEndsTheSessionAnyway()
    {
        final long[] session = new long[1];
        both(h -> session[0] = h.connect(7));
        both(h -> h.join(session[0], "arena", 0, 99));
        both(h -> h.ticks(2));

        faulty.failLeave = true;
        engine.leave(session[0]);
        twin.ping(session[0], 1);
        both(h -> h.ticks(2));
        assertEquals(1, errors(engine, session[0], ErrorCode.GAME_FAULT));
        assertNull(engine.last(session[0], MessageType.ROOM_LEFT), "still seated");
        assertEquals(twin.logic.stateHash(), engine.logic.stateHash(), "state as before");
        final long snapshots = count(engine, session[0], MessageType.SNAPSHOT);
        engine.ticks(1);
        assertEquals(snapshots + 1, count(engine, session[0], MessageType.SNAPSHOT), "and still playing");

        // a disconnect is not the game's to refuse: the session ends, the engine unseats it
        engine.disconnect(session[0]);
        engine.ticks(1);
        assertEquals(0, engine.logic.sessionCount());
        assertEquals(2, engine.logic.counters().gameFaults());
        assertEquals(1, engine.logic.roomCount(), "the room stays until its close grace passes");
    }

    private static long count(final EngineHarness h, final long session, final MessageType type)
    {
        return h.received(session).stream().filter(r -> type == r.type).count();
    }
}
