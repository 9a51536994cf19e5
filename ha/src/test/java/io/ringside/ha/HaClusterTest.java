package io.ringside.ha;

import io.aeron.Aeron;
import io.ringside.cluster.ClusterNode;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.engine.Engine;
import io.ringside.engine.EngineContext;
import io.ringside.engine.EngineConfiguration;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.TransportContext;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three real HA members in this JVM, a real engine as their gateway, real clients over UDP and WebSocket: a room
 * made with {@code ha=true} runs on the cluster, its players see each other move through the gateway; the leader closed under
 * inputs, a new one elected, the players see one declared TICK_GAP and carry on in the same room; the members that
 * ran agree on the state hash at every tick they all ran, and the closed member, started again, catches up and
 * agrees too. An engine without an HA cluster refuses {@code ha=true}. The whole-process run (kill -9) is in the
 * perf module.
 */
@Timeout(240)
class HaClusterTest
{
    @TempDir
    Path dir;

    private final HaMember[] members = new HaMember[3];
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Player> players = new ArrayList<>();
    private int basePort;
    private Engine gateway;
    private String ingress;
    private Aeron clientAeron;
    private String webSocketUrl;
    private final io.ringside.transport.websocket.WebSocketClientGroup webSocketClients =
        new io.ringside.transport.websocket.WebSocketClientGroup();
    private int closedMember = -1;

    @BeforeEach
    void start() throws IOException
    {
        basePort = ClusterNode.Settings.freeBasePort();
        for (int id = 0; id < 3; id++)
        {
            members[id] = member(id);
        }
        ingress = "aeron:udp?endpoint=localhost:" + freePort();
        final int webSocketPort = freeTcpPort();
        webSocketUrl = "ws://127.0.0.1:" + webSocketPort + "/ws";
        gateway = Engine.launch(NetworkFixture.defaultGamesContext()
            .webSocket(new io.ringside.engine.websocket.WebSocketContext().port(webSocketPort))
            .haCluster(ClusterNode.Settings.ingressEndpoints(List.of("localhost", "localhost", "localhost"), basePort)),
            new TransportContext().ingressChannel(ingress).ingressIpcChannel("").ingressStreamId(1001),
            new IngressContext());
        closeables.add(gateway);
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(gateway.aeronDirectoryName()));
    }

    private HaMember member(final int id) throws IOException
    {
        final HaMember.Settings settings = new HaMember.Settings().tickRateHz(60);
        settings.cluster().memberId(id).basePort(basePort).dir(dir.toFile())
            .aeronDir(dir.resolve("member-aeron-" + id).toString());
        return HaMember.launch(settings, EngineConfiguration.games());
    }

    @AfterEach
    void stop()
    {
        players.forEach(p -> CloseHelper.quietClose(p.client));
        CloseHelper.quietClose(webSocketClients);
        CloseHelper.quietClose(clientAeron);
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        for (final HaMember member : members)
        {
            CloseHelper.quietClose(member);
        }
    }

    @Test
    void anHaRoomRunsOnTheClusterAndOutlivesItsLeader() throws Exception
    {
        awaitCondition(() -> 1 == gateway.counters().value(CounterDescriptor.HA_CONNECTED), "gateway open");

        final Player alice = player("alice");
        alice.client.createRoom("arena", "ha=true", false);
        awaitCondition(() -> poll() && (0 != alice.roomId || null != alice.error), "alice answered");
        assertEquals(null, alice.error);
        assertTrue(HaRoomIds.isHa(alice.roomId), "the room is an HA room: " + alice.roomId);
        final Player bob = player("bob");
        bob.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && 0 != bob.roomId, "bob seated");
        assertEquals(alice.roomId, bob.roomId);
        assertNotEquals(alice.client.entityId(), bob.client.entityId());
        // a browser-like player over WebSocket joins the same HA room through the same gateway
        final Player wendy = new Player("wendy", null);
        awaitCondition(() -> poll() && wendy.client.connect("wendy", new byte[0]) > 0, "wendy sent Connect");
        awaitCondition(() -> poll() && 0 != wendy.client.sessionId(), "wendy connected");
        wendy.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && 0 != wendy.roomId, "wendy seated");

        // both fly; the frames come from the cluster, through the gateway, on the room's stream
        awaitCondition(() -> fly() && alice.snapshots > 60 && bob.snapshots > 60 && wendy.snapshots > 60,
            "60 frames each, over UDP and WebSocket");
        final long inputsBefore = appliedInputs();
        assertTrue(inputsBefore > 0, "the cluster applied inputs");
        final long gapsBefore = alice.tickGaps; // a stalled member may skip ticks on a busy machine

        // the leader goes; a new one is elected; the players see one declared gap and carry on
        final int leader = leader();
        final long lastTickBefore = alice.lastTick;
        members[leader].close();
        closedMember = leader;
        awaitCondition(() -> fly() && leader() >= 0 && leader() != leader, "a new leader");
        // counted in frames received, not in tick numbers: the first frame after the gap is already ~200 ticks on
        final long aliceFrames = alice.snapshots;
        final long bobFrames = bob.snapshots;
        final long wendyFrames = wendy.snapshots;
        awaitCondition(() -> fly() && alice.snapshots > aliceFrames + 120 && bob.snapshots > bobFrames + 120 &&
            wendy.snapshots > wendyFrames + 120, "two more seconds of frames after the failover, over UDP and WebSocket");
        assertTrue(alice.lastTick > lastTickBefore && wendy.lastTick > lastTickBefore, "frames of later ticks");
        assertTrue(alice.tickGaps > gapsBefore && alice.ticksMissed > 0, "the gap is declared: " + alice.tickGaps);
        assertTrue(wendy.tickGaps > 0, "the gap is declared over WebSocket too");
        assertEquals(alice.roomId, alice.client.roomId(), "still in the same room");
        assertEquals(0, gateway.counters().value(CounterDescriptor.HA_SILENT_CLOSES),
            "the gateway followed the new leader in its session: a failover is not a silence");
        assertEquals(0, alice.client.sequenceViolations() + bob.client.sequenceViolations() +
            wendy.client.sequenceViolations());
        assertTrue(appliedInputs() > inputsBefore, "inputs go on being applied");

        // the members that ran agree at every tick they both ran
        final List<HaMember> survivors = new ArrayList<>();
        for (int id = 0; id < 3; id++)
        {
            if (id != leader)
            {
                survivors.add(members[id]);
            }
        }
        awaitCondition(() -> fly() && commonTicks(survivors.get(0).view(), survivors.get(1).view()) > 100,
            "views of the survivors share ticks");
        assertHashesAgree(survivors.get(0).view(), survivors.get(1).view());

        // the closed member starts again: it replays its log, catches up, and agrees
        members[leader] = member(leader);
        closedMember = -1;
        final HaMember restarted = members[leader];
        awaitCondition(() -> fly() && commonTicks(restarted.view(), survivors.get(0).view()) > 30,
            "the restarted member caught up");
        assertHashesAgree(restarted.view(), survivors.get(0).view());
    }

    @Test
    void anEngineWithoutAnHaClusterRefusesHaRooms() throws Exception
    {
        final String plainIngress = "aeron:udp?endpoint=localhost:" + freePort();
        final Engine plain = Engine.launch(NetworkFixture.defaultGamesContext(),
            new TransportContext().ingressChannel(plainIngress).ingressIpcChannel("").ingressStreamId(1001),
            new IngressContext());
        closeables.add(plain);
        final Player carol = new Player("carol", plainIngress);
        awaitCondition(() -> poll() && carol.client.connect("carol", new byte[0]) > 0, "carol sent Connect");
        awaitCondition(() -> poll() && 0 != carol.client.sessionId(), "carol connected");
        carol.client.createRoom("arena", "ha=true", false);
        awaitCondition(() -> poll() && null != carol.error, "carol refused");
        assertEquals(ErrorCode.INVALID_INPUT, carol.error);

        // and a gateway refuses an HA room that does not exist, as the cluster says
        final Player dave = player("dave");
        dave.client.joinRoom("arena", HaRoomIds.of(999_999));
        awaitCondition(() -> poll() && null != dave.error, "dave refused");
        assertEquals(ErrorCode.NO_SUCH_ROOM, dave.error);
    }

    private long appliedInputs()
    {
        long most = 0;
        for (final HaMember member : members)
        {
            most = Math.max(most, member.view().counters().getOrDefault("inputs", 0L));
        }
        return most;
    }

    private int leader()
    {
        for (int id = 0; id < 3; id++)
        {
            if (id == closedMember)
            {
                continue; // its last view is what it saw before it closed
            }
            final HaView view = members[id].view();
            if ("LEADER".equals(view.role()))
            {
                return id;
            }
        }
        return -1;
    }

    private static int commonTicks(final HaView a, final HaView b)
    {
        final Map<Long, Long> hashes = hashesByTick(a);
        int common = 0;
        for (final long tick : b.hashTicks())
        {
            common += hashes.containsKey(tick) ? 1 : 0;
        }
        return common;
    }

    private static void assertHashesAgree(final HaView a, final HaView b)
    {
        final Map<Long, Long> hashes = hashesByTick(a);
        int compared = 0;
        for (int i = 0; i < b.hashTicks().length; i++)
        {
            final Long other = hashes.get(b.hashTicks()[i]);
            if (null != other)
            {
                assertEquals(other.longValue(), b.hashValues()[i], "state hash at tick " + b.hashTicks()[i]);
                compared++;
            }
        }
        assertTrue(compared > 0, "ticks compared");
    }

    private static Map<Long, Long> hashesByTick(final HaView view)
    {
        final Map<Long, Long> hashes = new HashMap<>();
        for (int i = 0; i < view.hashTicks().length; i++)
        {
            hashes.put(view.hashTicks()[i], view.hashValues()[i]);
        }
        return hashes;
    }

    private Player player(final String name) throws Exception
    {
        final Player player = new Player(name, ingress);
        awaitCondition(() -> poll() && player.client.connect(name, new byte[0]) > 0, name + " sent Connect");
        awaitCondition(() -> poll() && 0 != player.client.sessionId(), name + " connected");
        return player;
    }

    private boolean fly()
    {
        for (final Player player : players)
        {
            if (0 != player.roomId)
            {
                player.client.sendInput(1.0f, 0.25f, false);
            }
        }
        return poll();
    }

    private boolean poll()
    {
        for (final Player player : players)
        {
            player.client.poll(64);
        }
        return true;
    }

    private final class Player implements GameClientListener
    {
        final GameClient client;
        long roomId;
        ErrorCode error;
        long snapshots;
        long lastTick;
        long tickGaps;
        long ticksMissed;

        /**
         * @param engineIngress the engine's Aeron ingress, or null for a player over WebSocket.
         */
        Player(final String name, final String engineIngress)
        {
            client = null == engineIngress ?
                new GameClient(webSocketClients.open(java.net.URI.create(webSocketUrl)), this,
                    org.agrona.concurrent.SystemNanoClock.INSTANCE) :
                new GameClient(clientAeron, engineIngress, 1001, "aeron:udp?endpoint=localhost:" + freePort(), 7,
                    this);
            players.add(this);
        }

        public void onRoomJoined(final RoomJoinedDecoder joined)
        {
            roomId = joined.roomId();
        }

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputClientTimestampNs)
        {
            snapshots++;
            lastTick = Math.max(lastTick, snapshot.tick());
        }

        public void onGameEvent(final GameEventDecoder event)
        {
            event.sequence();
            event.tick();
            event.roomId();
            if (GameEventType.TICK_GAP == event.eventType())
            {
                tickGaps++;
                event.subjectId();
                event.objectId();
                ticksMissed += event.value();
            }
        }

        public void onError(final ErrorDecoder decoded)
        {
            error = decoded.code();
        }
    }

    private static void awaitCondition(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    static int freeTcpPort()
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static int freePort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
