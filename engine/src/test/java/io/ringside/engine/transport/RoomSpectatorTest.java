package io.ringside.engine.transport;

import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.websocket.WebSocketContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spectators (WatchRoom) with a real engine and media driver: one over Aeron IPC and one over the WebSocket endpoint
 * watch a player's arena room without a seat; each reads the room's stream (the player's ship moving), has no entity
 * of its own and is not among the room's members; leaving stops it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomSpectatorTest
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
     * Where each entity was last seen, and how many members the room's snapshots listed.
     */
    private static final class Seen implements GameClientListener
    {
        final Map<Integer, float[]> positions = new HashMap<>();
        int members;

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
        {
            final RoomSnapshotDecoder.MembersDecoder listed = snapshot.members(); // once: groups in schema order
            members = listed.count();
            listed.forEach(member -> { });
            for (final RoomSnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
            {
                if (entity.changedFields().position())
                {
                    positions.put(entity.entityId(), new float[]{ entity.x(), entity.y() });
                }
            }
        }
    }

    @Test
    void spectatorsOverAeronAndWebSocketWatchARoomWithoutASeat()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0)), new IngressContext());
        final GameClient player = network.seat(network.client(new GameClientListener()
        {
        }), "player", "arena");
        final Seen seenOverAeron = new Seen();
        final GameClient aeron = network.connect(network.client(seenOverAeron), "aeron-spectator");
        final Seen seenOverWebSocket = new Seen();
        final GameClient web = network.connect(network.webSocketClient(seenOverWebSocket), "web-spectator");
        NetworkFixture.send(() -> aeron.watchRoom(player.roomId()));
        NetworkFixture.send(() -> web.watchRoom(player.roomId()));
        network.pollUntil("both watching", 10_000, () -> aeron.isWatching() && web.isWatching());
        assertEquals(player.roomId(), aeron.roomId());
        assertEquals(0, web.entityId(), "a spectator has no entity");

        network.pollUntil("both see the player's ship", 10_000, () ->
            seenOverAeron.positions.containsKey(player.entityId()) &&
            seenOverWebSocket.positions.containsKey(player.entityId()));
        final float[] start = seenOverAeron.positions.get(player.entityId()).clone();
        for (int i = 0; i < 30; i++)
        {
            NetworkFixture.send(() -> player.sendInput(1f, 0f, false));
        }
        network.pollUntil("and see it move", 10_000, () ->
        {
            final float[] now = seenOverWebSocket.positions.get(player.entityId());
            return Math.hypot(now[0] - start[0], now[1] - start[1]) > 5;
        });
        assertEquals(1, seenOverAeron.members, "spectators are not members");
        assertEquals(2, network.engine.pipeline().context().counters().value(CounterDescriptor.ROOM_WATCHES));

        NetworkFixture.send(aeron::leaveRoom);
        network.pollUntil("watching no more", 10_000, () -> !aeron.isWatching() && 0 == aeron.roomId());
        assertEquals(0, aeron.sequenceViolations());
        assertEquals(0, web.sequenceViolations());
        assertEquals(0, web.roomStreamGaps());
        assertTrue(web.roomStreamSnapshots() > 0);
        assertEquals(web.roomStreamSnapshots(), web.snapshots(), "only the room's stream, no snapshots of its own");
    }
}
