package io.ringside.engine;

import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.support.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulation is a function of the ordered event stream: the same scripted events fed twice from scratch give the
 * same state hash after every tick. 200 scripted arena players (in rooms of 64, with joins, leaves, disconnects,
 * reconnects, pings, turns and fire) over 3,000 ticks.
 */
class DeterminismTest
{
    private static final int PLAYERS = 200;
    private static final int TICKS = 3_000;

    @Test
    void sameEventsGiveTheSameHashAtEveryTick()
    {
        final long[] first = run(42L);
        final long[] second = run(42L);

        assertArrayEquals(first, second);

        int changes = 0;
        for (int t = 1; t < TICKS; t++)
        {
            if (first[t] != first[t - 1])
            {
                changes++;
            }
        }
        assertEquals(TICKS - 1, changes, "the hash moves every tick (ships move)");
    }

    @Test
    void aDifferentScriptGivesADifferentHash()
    {
        final long[] first = run(42L);
        final long[] other = run(43L);
        assertNotEquals(first[TICKS - 1], other[TICKS - 1]);
    }

    private static long[] run(final long scriptSeed)
    {
        final GameRegistry games = new GameRegistry()
            .register(new ArenaGame(new ArenaSettings().maxPlayers(64)))
            .register(new TicTacToeGame());
        final EngineHarness engine = new EngineHarness(games, false);
        final SplittableRandom script = new SplittableRandom(scriptSeed);

        final long[] sessions = new long[PLAYERS];
        final long[] inputSequence = new long[PLAYERS];
        final boolean[] inRoom = new boolean[PLAYERS];
        for (int p = 0; p < PLAYERS; p++)
        {
            sessions[p] = engine.connect(p + 1);
            engine.join(sessions[p], p % 10 == 9 ? "tictactoe" : "arena", 0, 1000 + p);
            inRoom[p] = true;
        }

        final long[] hashes = new long[TICKS];
        for (int t = 0; t < TICKS; t++)
        {
            for (int p = 0; p < PLAYERS; p++)
            {
                final long session = sessions[p];
                final int roll = script.nextInt(1000);
                if (p % 10 == 9)
                {
                    if (roll < 20)
                    {
                        engine.turnAction(session, t, script.nextInt(9));
                    }
                    continue;
                }
                if (roll < 2 && inRoom[p])
                {
                    engine.leave(session);
                    inRoom[p] = false;
                }
                else if (roll < 100 && !inRoom[p])
                {
                    engine.join(session, "arena", 0, t * 7919L + p);
                    inRoom[p] = true;
                }
                else if (roll < 10 || !inRoom[p])
                {
                    engine.ping(session, t);
                }
                else if (inRoom[p] && roll < 900)
                {
                    engine.input(session, ++inputSequence[p], (float)script.nextDouble(-1, 1),
                        (float)script.nextDouble(-1, 1), script.nextInt(4) == 0);
                }
            }
            if (t == 1500)
            {
                engine.disconnect(sessions[0]);
                sessions[0] = engine.connect(1);
                engine.join(sessions[0], "arena", 0, 77);
                inRoom[0] = true;
                inputSequence[0] = 0;
            }
            engine.tick();
            hashes[t] = engine.logic.stateHash();
        }

        assertTrue(engine.logic.counters().inputs() > PLAYERS * TICKS / 2, "the script really played: " +
            engine.logic.counters().inputs());
        assertEquals(0, engine.logic.counters().sessionsTimedOut(), "every scripted player stayed connected");
        assertTrue(engine.logic.counters().gameEvents() > 0, "something happened in the games");
        return hashes;
    }
}
