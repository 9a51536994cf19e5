package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import io.ringside.codec.sbe.EntityKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The room lifecycle a game sees, in order, driven through the logic handler: a join attempt the game may refuse, the
 * join, a dropped connection and its resume, a consented leave, a drop that is never resumed, the room's disposal,
 * and a room that ticks at a divisor of the engine's rate.
 */
class RoomLifecycleTest
{
    /**
     * A game that records every lifecycle call as text, refuses player 13, and ticks every {@code divisor} ticks.
     */
    static final class RecordingGame implements Game
    {
        static final long REFUSED_PLAYER = 13;
        final List<String> calls = new ArrayList<>();
        final int divisor;
        long tickIntervalNs;

        RecordingGame(final int divisor)
        {
            this.divisor = divisor;
        }

        public String name()
        {
            return "recorded";
        }

        public int maxPlayers()
        {
            return 4;
        }

        public float viewRadius()
        {
            return 0;
        }

        public int tickDivisor()
        {
            return divisor;
        }

        public GameRoom createRoom(final RoomSettings settings)
        {
            tickIntervalNs = settings.tickIntervalNs();
            calls.add("create " + settings.roomId());
            return new GameRoom()
            {
                private int nextEntityId = 1;

                public ErrorCode onJoinAttempt(final long playerId)
                {
                    calls.add("attempt " + playerId);
                    return REFUSED_PLAYER == playerId ? ErrorCode.INVALID_INPUT : ErrorCode.OK;
                }

                public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
                {
                    calls.add("join " + playerId);
                    return nextEntityId++;
                }

                public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
                {
                    calls.add("leave " + entityId + " " + reason);
                }

                public void onDrop(final int entityId, final GameEvents events)
                {
                    calls.add("drop " + entityId);
                }

                public void onResume(final int entityId, final GameEvents events)
                {
                    calls.add("resume " + entityId);
                }

                public void onDispose()
                {
                    calls.add("dispose");
                }

                public void onTick(final long tick, final GameEvents events)
                {
                    calls.add("tick");
                }

                public void writeView(final ViewWriter view)
                {
                    view.entity(100, EntityKind.GAME_STATE, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                }

                public void writeState(final StateWriter out)
                {
                    out.putInt(nextEntityId);
                }

                public void readState(final StateReader in)
                {
                    nextEntityId = in.getInt();
                }

                public boolean savePlayer(final int entityId, final StateWriter out)
                {
                    return false;
                }
            };
        }
    }

    /**
     * Session timeout 10 ticks, reconnect grace 20, room close grace 5.
     */
    private static EngineHarness engine(final RecordingGame game)
    {
        final LogicContext settings = new LogicContext(EngineHarness.TICK_INTERVAL_NS, 10, 20, 5, 0, 100, 1024);
        return new EngineHarness(new GameRegistry().register(game), true, settings, 64, 64 * 1024);
    }

    private static List<String> without(final List<String> calls, final String call)
    {
        return calls.stream().filter(c -> !c.equals(call)).toList();
    }

    @Test
    void aRoomSeesItsPlayersComeDropResumeLeaveAndItselfClose()
    {
        final RecordingGame game = new RecordingGame(1);
        final EngineHarness engine = engine(game);

        final long refused = engine.connect(RecordingGame.REFUSED_PLAYER);
        engine.join(refused, "recorded", 0, 1);
        assertEquals(ErrorCode.INVALID_INPUT, engine.last(refused, MessageType.ERROR).code, "the game's own code");
        assertNull(engine.last(refused, MessageType.ROOM_JOINED));
        assertEquals(0, engine.logic.roomCount(), "the room made for the refused join was not kept");

        final long a = engine.connect(1);
        final Received tokens = engine.last(a, MessageType.SESSION_RESULT);
        engine.join(a, "recorded", 0, 1);
        final long b = engine.connect(2);
        engine.join(b, "recorded", 0, 1);
        engine.tick();

        engine.sessionLost(a, ErrorCode.TIMED_OUT);
        engine.tick();
        engine.reconnect(a, tokens.tokenHigh, tokens.tokenLow);
        engine.tick();
        engine.leave(a);

        engine.sessionLost(b, ErrorCode.TIMED_OUT);
        engine.ticks(21);
        assertEquals(0, engine.logic.sessionCount() - 2, "a and the refused session are held; b is forgotten");
        engine.ticks(6);

        assertEquals(List.of("create 1", "attempt 13", "create 1", "attempt 1", "join 1", "attempt 2", "join 2",
            "drop 1", "resume 1", "leave 1 CONSENTED", "drop 2", "leave 2 DROPPED", "dispose"),
            without(game.calls, "tick"));
        assertEquals(0, engine.logic.roomCount());
        assertEquals(1, engine.logic.counters().roomsClosed());
    }

    @Test
    void aRoomTicksAtADivisorOfTheEngineRateAndSeesItsOwnInterval()
    {
        final RecordingGame game = new RecordingGame(3);
        final EngineHarness engine = engine(game);
        final long a = engine.connect(1);
        engine.join(a, "recorded", 0, 1);
        game.calls.clear();

        for (int t = 0; t < 30; t++)
        {
            engine.ping(a, t);
            engine.tick();
        }

        assertEquals(10, game.calls.stream().filter("tick"::equals).count(), "every third of 30 ticks");
        assertEquals(3 * EngineHarness.TICK_INTERVAL_NS, game.tickIntervalNs, "the room's own step");
        assertEquals(10, engine.logic.counters().frames(), "a frame per room tick");
        final List<Long> snapshotTicks = engine.received(a).stream().filter(r -> MessageType.SNAPSHOT == r.type)
            .map(r -> r.tick).toList();
        assertEquals(10, snapshotTicks.size(), "a snapshot per room tick: " + snapshotTicks);
        for (int i = 1; i < snapshotTicks.size(); i++)
        {
            assertEquals(3, snapshotTicks.get(i) - snapshotTicks.get(i - 1), snapshotTicks.toString());
        }
    }
}
