package io.ringside.games;

import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.logic.BufferStateReader;
import io.ringside.engine.logic.BufferStateWriter;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import io.ringside.codec.MessageType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every game the class path registers (the engine's built-in ones and this module's, found as bin/engine finds them)
 * through the same three checks, with no code per game: the same events give the same state hash on two engines;
 * a checkpoint taken half way and restored into a fresh engine reaches the same hash as the engine that went on; and
 * random bytes, validated as ingress validates them, never break the engine, which still answers afterwards. The
 * events are a seeded script of what any client may send: joins and leaves, inputs, turn actions, and game messages
 * with every opcode the game declares (random payloads up to their caps) and some it does not.
 */
class EveryGameHarnessTest
{
    private static final int PLAYERS = 4;
    private static final int STEPS = 1_500;

    static List<String> games()
    {
        return GameRegistry.discover(EveryGameHarnessTest.class.getClassLoader(), List.of()).names();
    }

    private static EngineHarness engine(final String game)
    {
        final LogicContext settings = new LogicContext(EngineHarness.TICK_INTERVAL_NS, 600, 1800, 60, 30, 100, 4096);
        return new EngineHarness(GameRegistry.discover(EveryGameHarnessTest.class.getClassLoader(), List.of(game)),
            true, settings, 128, 64 * 1024);
    }

    /**
     * The seeded script: a step is one client message or one tick.
     */
    private static List<Consumer<EngineHarness>> script(final String name, final long seed, final long[] sessions)
    {
        final Game game = GameRegistry.discover(EveryGameHarnessTest.class.getClassLoader(), List.of(name)).get(name);
        final MessageCatalog catalog = game.messages();
        final List<Integer> opcodes = new ArrayList<>();
        for (int opcode = 0; opcode < 64; opcode++)
        {
            if (catalog.fromClientCapBytes(opcode) >= 0)
            {
                opcodes.add(opcode);
            }
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Consumer<EngineHarness>> steps = new ArrayList<>();
        final long[] inputSequence = new long[PLAYERS];
        for (int p = 0; p < PLAYERS; p++)
        {
            final int player = p;
            steps.add(h -> sessions[player] = h.connect(player + 1));
            steps.add(h -> h.join(sessions[player], name, 0, 42 + player));
        }
        for (int i = 0; i < STEPS; i++)
        {
            final int p = random.nextInt(PLAYERS);
            final int kind = random.nextInt(20);
            final long correlation = i;
            if (kind < 6)
            {
                steps.add(EngineHarness::tick);
            }
            else if (kind < 10)
            {
                final long sequence = ++inputSequence[p];
                final float thrust = (float)random.nextDouble(-1, 1);
                final float turn = (float)random.nextDouble(-1, 1);
                final boolean fire = random.nextBoolean();
                steps.add(h -> h.input(sessions[p], sequence, thrust, turn, fire));
            }
            else if (kind < 12)
            {
                final int cell = random.nextInt(12);
                steps.add(h -> h.turnAction(sessions[p], correlation, cell));
            }
            else if (kind < 18)
            {
                final int opcode = opcodes.isEmpty() || 0 == random.nextInt(5) ? random.nextInt(1, 70) :
                    opcodes.get(random.nextInt(opcodes.size()));
                final int cap = Math.max(0, catalog.fromClientCapBytes(opcode));
                final byte[] payload = new byte[random.nextInt(cap + 2)];
                random.nextBytes(payload);
                steps.add(h -> h.gameMessage(sessions[p], correlation, opcode, payload));
            }
            else if (kind < 19)
            {
                steps.add(h -> h.leave(sessions[p]));
            }
            else
            {
                steps.add(h -> h.join(sessions[p], name, 0, correlation));
            }
        }
        return steps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("games")
    void theSameEventsGiveTheSameStateOnTwoEngines(final String game)
    {
        final EngineHarness a = engine(game);
        final EngineHarness b = engine(game);
        final long[] aSessions = new long[PLAYERS];
        final long[] bSessions = new long[PLAYERS];
        final List<Consumer<EngineHarness>> aScript = script(game, 7, aSessions);
        final List<Consumer<EngineHarness>> bScript = script(game, 7, bSessions);
        for (int i = 0; i < aScript.size(); i++)
        {
            aScript.get(i).accept(a);
            bScript.get(i).accept(b);
            if (0 == i % 100)
            {
                assertEquals(a.logic.stateHash(), b.logic.stateHash(), game + " diverged at step " + i);
            }
        }
        assertEquals(a.logic.stateHash(), b.logic.stateHash());
        assertTrue(a.logic.counters().ticks() > 100, "the script ran the game");
        assertEquals(0, a.logic.counters().gameFaults(), game + " faulted on what any client may send");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("games")
    void aCheckpointRestoredHalfWayReachesTheSameState(final String game)
    {
        final EngineHarness original = engine(game);
        final long[] sessions = new long[PLAYERS];
        final List<Consumer<EngineHarness>> steps = script(game, 11, sessions);
        final int half = steps.size() / 2;
        for (int i = 0; i < half; i++)
        {
            steps.get(i).accept(original);
        }

        final ExpandableArrayBuffer saved = new ExpandableArrayBuffer(64 * 1024);
        final BufferStateWriter writer = new BufferStateWriter().wrap(saved, 0);
        original.logic.writeState(writer);
        final EngineHarness restored = engine(game);
        restored.logic.readState(new BufferStateReader().wrap(saved, 0, writer.length()));
        assertEquals(original.logic.stateHash(), restored.logic.stateHash(), "restored as it was");
        restored.ticksTo(original.currentTick());

        for (int i = half; i < steps.size(); i++)
        {
            steps.get(i).accept(original);
            steps.get(i).accept(restored);
        }
        assertEquals(original.logic.stateHash(), restored.logic.stateHash(), game + ": replay reached another state");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("games")
    void randomBytesNeverBreakTheEngine(final String game)
    {
        final EngineHarness engine = engine(game);
        final long[] sessions = new long[PLAYERS];
        script(game, 13, sessions).subList(0, 2 * PLAYERS).forEach(step -> step.accept(engine));
        final MessageValidator validator = MessageValidator.forServer();
        final SplittableRandom random = new SplittableRandom(17);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[1024]);
        final ExpandableArrayBuffer sample = new ExpandableArrayBuffer(1024);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // a real message of a random session, then bytes of it changed at random
            final long session = sessions[random.nextInt(PLAYERS)];
            engine.messages.gameMessage(i, session, random.nextInt(8), new byte[random.nextInt(40)]);
            final int length = Math.min(bytes.capacity(), engine.messages.length + random.nextInt(3) - 1);
            bytes.putBytes(0, engine.messages.buffer, 0, Math.min(length, engine.messages.length));
            for (int flips = random.nextInt(4); flips > 0; flips--)
            {
                bytes.putByte(random.nextInt(Math.max(1, length)), (byte)random.nextInt(256));
            }
            if (Rejection.NONE == validator.validate(bytes, 0, length))
            {
                accepted++;
                sample.putBytes(0, bytes, 0, length);
                engine.raw(sample, length, validator.messageType().templateId(), session, 0, 0);
            }
            if (0 == i % 50)
            {
                engine.tick();
            }
        }
        assertTrue(accepted > 1_000, "enough of them reached the engine: " + accepted);
        engine.ping(sessions[0], 99);
        final Received pong = engine.last(sessions[0], MessageType.PONG);
        assertNotNull(pong, "the engine still answers");
        assertEquals(99, pong.pingId);
        assertNotNull(MessageHeaderEncoder.class);
    }
}
