package io.ringside.engine.transport;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.support.InterceptedGame;
import io.ringside.transport.GameClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate limit judges what a client sent, not when the engine got round to reading it. The logic thread stalls
 * for seconds (a game that blocks in its tick), the ring fills and ingress stops reading, while honest clients keep
 * sending at 60 inputs a second; when the engine catches up it reads their backlog in bursts, and refuses none of
 * it. A client that really floods is refused all the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitUnderStallTest
{
    private static final int HONEST = 8;
    private static final long INPUT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1) / 60;

    @Test
    void honestClientsAreNotRefusedForTheEnginesStallButAFloodIs()
    {
        final InterceptedGame game = new InterceptedGame(new ArenaGame(new ArenaSettings().viewRadius(10_000)));
        final IngressContext settings = new IngressContext().inputRate(120, 60);
        try (NetworkFixture network = new NetworkFixture(false,
            NetworkFixture.defaultGamesContext().ringSize(1024).games(new GameRegistry().register(game)), settings))
        {
            final List<GameClient> honest = new ArrayList<>();
            final List<AeronEngineTest.WorldView> views = new ArrayList<>();
            for (int i = 0; i < HONEST; i++)
            {
                final AeronEngineTest.WorldView view = new AeronEngineTest.WorldView();
                views.add(view);
                honest.add(network.seat(network.client(view), "honest-" + i, "arena"));
            }

            final IngressCounters counters = network.engine.ingress().counters();
            playFor(network, honest, TimeUnit.SECONDS.toNanos(1));

            game.stallTicks = true;
            final long ringFullBefore = counters.ringFullPolls();
            playFor(network, honest, TimeUnit.SECONDS.toNanos(3));
            assertTrue(counters.ringFullPolls() > ringFullBefore, "the stall filled the ring and ingress stopped");
            game.stallTicks = false;
            playFor(network, honest, TimeUnit.SECONDS.toNanos(2));

            final long inputsSent = honest.stream().mapToLong(GameClient::inputSequence).sum();
            network.pollUntil("every honest input taken", 30_000, () ->
                network.engine.pipeline().logic().counters().inputs() >= inputsSent);
            assertEquals(0, counters.rateLimited(), "no honest input refused for the engine's own stall");
            for (final AeronEngineTest.WorldView view : views)
            {
                assertFalse(view.errors.contains(ErrorCode.RATE_LIMITED), "told nothing: " + view.errors);
            }

            final AeronEngineTest.WorldView floodView = new AeronEngineTest.WorldView();
            final GameClient flooder = network.seat(network.client(floodView), "flooder", "arena");
            network.pollUntil("a flood refused and told", 20_000, () ->
            {
                for (int i = 0; i < 50; i++)
                {
                    flooder.sendInput(0.5f, 0, false);
                }
                return counters.rateLimited() > 100 && floodView.errors.contains(ErrorCode.RATE_LIMITED);
            });
            for (final AeronEngineTest.WorldView view : views)
            {
                assertFalse(view.errors.contains(ErrorCode.RATE_LIMITED), "the honest are still untouched");
            }
        }
    }

    /**
     * Each honest client sends an input every 1/60 s, on schedule, whatever the engine does.
     */
    private static void playFor(final NetworkFixture network, final List<GameClient> clients, final long lengthNs)
    {
        final long start = System.nanoTime();
        long next = start;
        while (System.nanoTime() - start < lengthNs)
        {
            if (System.nanoTime() - next >= 0)
            {
                for (final GameClient client : clients)
                {
                    NetworkFixture.send(() -> client.sendInput(0.3f, 0.1f, false));
                }
                next += INPUT_INTERVAL_NS;
            }
            if (0 == network.pollAll())
            {
                Thread.yield();
            }
        }
    }
}
