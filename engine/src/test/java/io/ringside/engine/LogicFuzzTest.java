package io.ringside.engine;

import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.support.ClientMessages;
import io.ringside.engine.support.EngineHarness;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded mutation fuzzer over the logic handler's input path: messages of every client type, valid ones as seeds,
 * mutated (bytes flipped, fields overwritten with edge values, truncated, spliced), put through the validating entry
 * point exactly as ingress does, and whatever passes dispatched to the logic handler and egress, interleaved with
 * ticks, from a small set of sessions so that mutations hit live sessions and rooms. No input may throw, every
 * server message egress writes must itself be valid, and the same seed must give the same state hash.
 * <p>
 * The normal test run does a million cases with a fixed seed (regression); a longer hunt:
 * {@code mvn -pl engine test -Dtest=LogicFuzzTest -Dringside.fuzz.cases=100000000 -Dringside.fuzz.seed=$RANDOM}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogicFuzzTest
{
    private static final long SEED = Long.getLong("ringside.fuzz.seed", 0x7101_F022L);
    private static final int CASES = Integer.getInteger("ringside.fuzz.cases", 1_000_000);
    private static final long[] EDGES = { 0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF, 1000 };

    private static List<byte[]> corpus()
    {
        final ClientMessages m = new ClientMessages();
        final List<byte[]> corpus = new ArrayList<>();
        for (long session = 1000; session < 1004; session++)
        {
            add(corpus, m.connect(session, "aeron:ipc", 7));
            add(corpus, m.joinRoom(1, session, 0, "arena"));
            add(corpus, m.joinRoom(2, session, 1, "tictactoe"));
            add(corpus, m.joinRoom(3, session, 0, "tictactoe"));
            add(corpus, m.input(session, 1, 5, 0.5f, 0.25f, true));
            add(corpus, m.turnAction(4, session, 4));
            add(corpus, m.ping(session, 9, 99));
            add(corpus, m.leaveRoom(5, session));
            add(corpus, m.reconnect(6, session, session * 31 + 7, session * 17 + 3, "aeron:ipc", 8));
            add(corpus, m.disconnect(session));
        }
        return corpus;
    }

    private static void add(final List<byte[]> corpus, final ClientMessages m)
    {
        final byte[] bytes = new byte[m.length];
        m.buffer.getBytes(0, bytes);
        corpus.add(bytes);
    }

    private static long run(final long seed)
    {
        final EngineHarness engine = new EngineHarness(new GameRegistry()
            .register(new ArenaGame(new ArenaSettings().maxPlayers(8)))
            .register(new TicTacToeGame()), true);
        final List<byte[]> corpus = corpus();
        final SplittableRandom random = new SplittableRandom(seed);
        final MessageValidator validator = MessageValidator.forServer();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final UnsafeBuffer work = new UnsafeBuffer(new byte[2048]);
        int accepted = 0;

        for (int i = 0; i < CASES; i++)
        {
            final byte[] base = corpus.get(random.nextInt(corpus.size()));
            int length = base.length;
            work.putBytes(0, base);
            switch (random.nextInt(5))
            {
                case 0 ->
                {
                    for (int f = 1 + random.nextInt(4); f > 0; f--)
                    {
                        work.putByte(random.nextInt(length), (byte)random.nextInt(256));
                    }
                }
                case 1 ->
                {
                    final int at = 8 + random.nextInt(Math.max(1, length - 15));
                    work.putLong(Math.min(at, length - 8), EDGES[random.nextInt(EDGES.length)]);
                }
                case 2 -> length = random.nextInt(length + 1);
                case 3 ->
                {
                    final byte[] other = corpus.get(random.nextInt(corpus.size()));
                    final int from = random.nextInt(other.length);
                    final int count = Math.min(other.length - from, work.capacity() - 8);
                    work.putBytes(8, other, from, Math.min(count, Math.max(0, length - 8)));
                }
                default ->
                {
                    // unmutated: valid traffic keeps sessions and rooms alive for the mutations to hit
                }
            }

            if (Rejection.NONE == validator.validate(work, 0, length))
            {
                accepted++;
                final long session = 1000 + random.nextInt(6);
                try
                {
                    engine.raw(work, length, header.wrap(work, 0).templateId(), session, session - 990,
                        random.nextLong());
                }
                catch (final RuntimeException ex)
                {
                    fail("case " + i + " of seed " + seed + " threw", ex);
                }
            }
            if (0 == i % 50)
            {
                engine.tick();
            }
        }
        assertTrue(accepted > CASES / 5, "enough mutations pass validation to reach the logic: " + accepted);
        assertEquals(0, engine.transport.invalidMessages(), "every server message written is valid");
        return engine.logic.stateHash();
    }

    @Test
    void noMutatedInputBreaksTheLogicHandlerAndTheRunIsDeterministic()
    {
        assertEquals(run(SEED), run(SEED), "the same inputs give the same state");
    }
}
