package io.ringside.games.tally;

import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's minimal game and its client side, over real Aeron: taps go out as game messages, the others hear
 * them, and every client reads the tally from the declared state.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TallyOverAeronTest
{
    private NetworkFixture network;

    @AfterEach
    void close()
    {
        if (null != network)
        {
            network.close();
        }
    }

    @Test
    void tapsAddUpAndTheOthersHearThem()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .games(GameRegistry.discover(getClass().getClassLoader(), List.of("tally"))), new IngressContext());
        final int[] heard = new int[1];
        final GameClient a = network.seat(network.client(new GameClientListener()
        {
        }), "a", "tally");
        final GameClient b = network.seat(network.client(new GameClientListener()
        {
            public void onRoomMessage(final io.ringside.codec.sbe.RoomMessageDecoder message)
            {
                heard[0]++;
            }
        }), "b", "tally");

        final UnsafeBuffer none = new UnsafeBuffer(new byte[0]);
        for (int i = 0; i < 3; i++)
        {
            send(() -> a.gameMessage(TallyGame.TAP, none, 0, 0));
        }
        network.pollUntil("b sees the tally at 3", 10_000, () -> null != b.declaredState().entity(1) &&
            3 == b.declaredState().entity(1).getInt("total"));
        assertEquals(3, b.declaredState().entity(a.entityId()).getInt("taps"));
        network.pollUntil("b heard all three", 10_000, () -> 3 == heard[0]);
    }
}
