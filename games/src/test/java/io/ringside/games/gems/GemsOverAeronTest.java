package io.ringside.games.gems;

import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gems over real Aeron from the Java client with no code of the game's: a runner steered by game messages is seen
 * moving by the other client, with gems and mines, all read from the declared state by type and field.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GemsOverAeronTest
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

    /**
     * Over UDP and IPC with the room broadcast on its room stream (RoomState), and over IPC with room streams off, so
     * that each client gets its own view (StateView) through interest management.
     */
    @ParameterizedTest(name = "ipc={0}, room stream={1}")
    @CsvSource({ "false, true", "true, true", "true, false" })
    void aRunnerSteeredByMessagesIsSeenMovingByTheOtherClient(final boolean ipc, final boolean roomStream)
    {
        network = new NetworkFixture(ipc, NetworkFixture.defaultGamesContext()
            .roomStreamMaxSeats(roomStream ? 128 : 0)
            .games(GameRegistry.discover(getClass().getClassLoader(), List.of(GemsGame.NAME))), new IngressContext());
        final GameClient a = network.seat(network.client(new GameClientListener()
        {
        }), "a", GemsGame.NAME);
        final GameClient b = network.seat(network.client(new GameClientListener()
        {
        }), "b", GemsGame.NAME);

        network.pollUntil("b sees a match, two runners and three mines", 10_000, () ->
            null != b.declaredState().entity(GemsRoom.MATCH_ENTITY_ID) &&
            GemsRoom.PHASE_PLAYING == b.declaredState().entity(GemsRoom.MATCH_ENTITY_ID).getInt("phase") &&
            2 == b.declaredState().entities("runner").size() && 3 == b.declaredState().entities("mine").size());
        final float x = b.declaredState().entity(a.entityId()).getFloat("x");
        final float toward = x < GemsGame.FIELD / 2 ? 100 : -100;
        send(() -> a.gameMessage(GemsGame.MOVE, new UnsafeBuffer(new byte[]{ (byte)toward, 0 }), 0, 2));
        network.pollUntil("b sees a run", 10_000, () ->
            Math.abs(b.declaredState().entity(a.entityId()).getFloat("x") - x) > 50);
        network.pollUntil("gems appear", 10_000, () -> !b.declaredState().entities("gem").isEmpty());
        assertEquals(0, a.roomStateInvalid() + b.roomStateInvalid());
        assertEquals(roomStream, a.roomStreamSnapshots() > 0, "RoomState on the room stream, or StateView on its own");
        assertEquals(0, a.sequenceViolations() + b.sequenceViolations());
    }
}
