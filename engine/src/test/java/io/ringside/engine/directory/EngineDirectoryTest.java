package io.ringside.engine.directory;

import io.aeron.Aeron;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.directory.DirectoryMember;
import io.ringside.directory.RoomIds;
import io.ringside.engine.Engine;
import io.ringside.engine.EngineContext;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.TransportContext;
import io.ringside.transport.auth.JoinTickets;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two real engines behind a real three-member directory, in this JVM, and clients over UDP: a room created on the
 * engine with less headroom is placed on the other and its creator taken there; a player asking the first engine for
 * that room is sent there and seated beside it; tickets that are forged, expired or for another engine are refused
 * with BAD_TICKET, a ticketed session asking for a room elsewhere with REDIRECT_LOOP; once an engine is gone, its
 * rooms are ROOM_GONE. The whole-process version (three engines, kill -9) is in the perf module.
 */
@Timeout(180)
class EngineDirectoryTest
{
    private static final String SECRET = "a-shared-ticket-secret-for-tests";

    @TempDir
    Path dir;

    private final List<DirectoryMember> members = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<GameClient> clients = new ArrayList<>();
    private final java.util.Map<Engine, String> ingresses = new java.util.IdentityHashMap<>();
    private final java.util.Map<Engine, String> webSocketUrls = new java.util.IdentityHashMap<>();
    private final io.ringside.transport.websocket.WebSocketClientGroup webSocketClients =
        new io.ringside.transport.websocket.WebSocketClientGroup();
    private Engine one;
    private Engine two;
    private Aeron clientAeron;
    private int basePort;

    @BeforeEach
    void start() throws IOException
    {
        basePort = io.ringside.cluster.ClusterNode.Settings.freeBasePort();
        for (int id = 0; id < 3; id++)
        {
            final DirectoryMember.Settings settings = new DirectoryMember.Settings()
                .memberId(id).basePort(basePort).dir(dir.toFile()).goneAfterMs(1_500);
            settings.aeronDir(dir.resolve("member-aeron-" + id).toString());
            members.add(DirectoryMember.launch(settings));
        }
        one = engine(1, 100);
        two = engine(2, 1000);
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(one.aeronDirectoryName()));
    }

    private Engine engine(final int engineId, final int capacity)
    {
        return engine(engineId, capacity, null, freePort());
    }

    private Engine engine(final int engineId, final int capacity, final Path journal, final int port)
    {
        final String ingress = "aeron:udp?endpoint=localhost:" + port;
        final int webSocketPort = freeTcpPort();
        final EngineContext context = NetworkFixture.defaultGamesContext()
            .webSocket(new io.ringside.engine.websocket.WebSocketContext().port(webSocketPort))
            .directory(new DirectoryContext()
            .directoryEndpoints(io.ringside.cluster.ClusterNode.Settings.ingressEndpoints(
                List.of("localhost", "localhost", "localhost"), basePort))
            .engineId(engineId)
            .capacityPlayers(capacity)
            .ticketSecret(SECRET)
            .publicAeronEndpoint(ingress)
            .publicWebSocketUrl("ws://127.0.0.1:" + webSocketPort + "/ws")
            .reportIntervalNs(100_000_000L));
        if (null != journal)
        {
            context.journalContext(new io.ringside.journal.JournalContext().path(journal));
        }
        final Engine engine = Engine.launch(context, new TransportContext().ingressChannel(ingress)
            .ingressIpcChannel("").ingressStreamId(1001), new IngressContext());
        closeables.add(engine);
        ingresses.put(engine, ingress);
        webSocketUrls.put(engine, "ws://127.0.0.1:" + webSocketPort + "/ws");
        return engine;
    }

    @AfterEach
    void stop()
    {
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(webSocketClients);
        CloseHelper.quietClose(clientAeron);
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        members.forEach(CloseHelper::quietClose);
    }

    @Test
    void roomsArePlacedAndFoundAcrossEnginesAndBadTicketsAreRefused() throws Exception
    {
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 2 &&
            two.directoryAgent().knownEngines().aliveCount() == 2, "both engines registered and known");

        // engine 2 has ten times the capacity: a room created on engine 1 is placed there, its creator taken along
        final Player alice = player(one, "alice");
        alice.client.createRoom("arena", "", false);
        awaitCondition(() -> poll() && 0 != alice.roomId, "alice seated");
        assertEquals(2, RoomIds.engineOf(alice.roomId), "the room is engine 2's");
        assertEquals(1, alice.client.redirects());
        assertEquals(1, alice.redirectedTo);

        // bob asks engine 1 for it: he is sent to engine 2 and seated beside alice
        final Player bob = player(one, "bob");
        bob.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && 0 != bob.roomId, "bob seated");
        assertEquals(alice.roomId, bob.roomId);
        assertEquals(1, bob.client.redirects());
        assertEquals(0, alice.client.sequenceViolations() + bob.client.sequenceViolations());
        assertEquals(2, one.pipeline().logic().counters().redirects());
        assertEquals(2, two.ingress().counters().ticketsAccepted());

        // the same over WebSocket: a browser-like client of engine 1 is sent to engine 2's endpoint
        final Player webPlayer = new Player(one, "wendy", true);
        awaitCondition(() -> poll() && webPlayer.client.connect("wendy", new byte[0]) > 0, "wendy sent Connect");
        awaitCondition(() -> poll() && 0 != webPlayer.client.sessionId(), "wendy connected");
        webPlayer.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && (0 != webPlayer.roomId || null != webPlayer.error ||
            webPlayer.client.redirectFailures() > 0), "wendy answered");
        assertEquals(alice.roomId, webPlayer.roomId, "seated over WebSocket on engine 2");
        assertEquals(1, webPlayer.client.redirects());
        assertEquals(0, webPlayer.client.sequenceViolations());

        // tickets: forged, expired, for another engine; each BAD_TICKET and counted
        final JoinTickets tickets = new JoinTickets(SECRET.getBytes(StandardCharsets.UTF_8));
        final long now = System.currentTimeMillis();
        final String good = tickets.issue(77, 2, 0, now + 10_000);
        assertEquals(ErrorCode.BAD_TICKET, connectWith(two, "mallory", good.substring(0, good.length() - 2) + "xx"));
        assertEquals(ErrorCode.BAD_TICKET, connectWith(two, "mallory", tickets.issue(77, 2, 0, now - 1)));
        assertEquals(ErrorCode.BAD_TICKET, connectWith(two, "mallory", tickets.issue(77, 1, 0, now + 10_000)));
        assertEquals(3, two.ingress().counters().ticketsRefused());

        // a session that came by a ticket asking for a room elsewhere: REDIRECT_LOOP, not another hop
        final Player carol = new Player(two, "carol");
        final byte[] carolTicket = tickets.issue(78, 2, RoomIds.firstRoomId(1), now + 10_000)
            .getBytes(StandardCharsets.US_ASCII);
        awaitCondition(() -> poll() && carol.client.connect("carol", carolTicket) > 0, "carol sent Connect");
        awaitCondition(() -> poll() && 0 != carol.client.sessionId(), "carol connected with a ticket");
        carol.client.joinRoom("arena", RoomIds.firstRoomId(1));
        awaitCondition(() -> poll() && null != carol.error, "carol refused");
        assertEquals(ErrorCode.REDIRECT_LOOP, carol.error);
        assertEquals(1, two.ingress().counters().redirectLoops());

        // a ticket is for the request it was issued for: one for a room to create does not join a room
        final Player grace = new Player(two, "grace");
        final byte[] graceTicket = tickets.issue(79, 2, 0, now + 10_000).getBytes(StandardCharsets.US_ASCII);
        awaitCondition(() -> poll() && grace.client.connect("grace", graceTicket) > 0, "grace sent Connect");
        awaitCondition(() -> poll() && 0 != grace.client.sessionId(), "grace connected with a ticket");
        grace.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && null != grace.error, "grace refused");
        assertEquals(ErrorCode.BAD_TICKET, grace.error);
        assertEquals(4, two.ingress().counters().ticketsRefused());

        // engine 2 stops: the directory marks it gone, and engine 1 answers ROOM_GONE for its rooms
        two.close();
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 1, "engine 2 marked gone");
        final Player dave = player(one, "dave");
        dave.client.joinRoom("arena", alice.roomId);
        awaitCondition(() -> poll() && null != dave.error, "dave refused");
        assertEquals(ErrorCode.ROOM_GONE, dave.error);
        assertEquals(0, dave.client.redirects());
    }

    @Test
    void anotherEngineClaimingAnIdIsRefusedAndARestartedEngineComesBackWithItsRooms() throws Exception
    {
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 2, "both engines registered");

        // a second process claiming engine 1's id while engine 1 reports is refused, counted on both sides
        final Engine impostor = engine(1, 100);
        awaitCondition(() -> impostor.counters().value(
            io.ringside.engine.metrics.CounterDescriptor.DIRECTORY_REGISTRATIONS_REFUSED) >= 2, "refused twice");
        assertEquals(0, impostor.counters().value(io.ringside.engine.metrics.CounterDescriptor.DIRECTORY_REGISTERED));
        awaitCondition(() -> members.stream().anyMatch(m -> "LEADER".equals(m.view().role()) &&
            m.view().counterValues()[m.view().counterNames().indexOf("engine_id_conflicts")] >= 2),
            "the directory counted the conflicts");
        impostor.close();

        // engine 3 with a journal: a room made there, the engine stopped, started again on the same journal
        final Path journal = dir.resolve("engine-3.db");
        final int port = freePort();
        Engine three = engine(3, 10_000, journal, port);
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 3, "engine 3 registered");
        final Player erin = player(three, "erin");
        erin.client.createRoom("arena", "", false);
        awaitCondition(() -> poll() && 0 != erin.roomId, "erin seated");
        assertEquals(3, RoomIds.engineOf(erin.roomId), "engine 3 has the most headroom");
        erin.client.disconnect();
        three.close();
        closeables.remove(three);
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 2, "engine 3 gone");

        three = engine(3, 10_000, journal, port);
        final Engine restarted = three;
        assertTrue(restarted.pipeline().logic().roomListing().rooms().stream().anyMatch(r -> r.roomId() == erin.roomId),
            "the room recovered from the journal");
        awaitCondition(() -> one.directoryAgent().knownEngines().aliveCount() == 3, "engine 3 registered again");
        final Player frank = player(one, "frank");
        frank.client.joinRoom("arena", erin.roomId);
        awaitCondition(() -> poll() && (0 != frank.roomId || null != frank.error), "frank answered");
        assertEquals(erin.roomId, frank.roomId, "sent to the restarted engine and seated in the recovered room");
    }

    private ErrorCode connectWith(final Engine engine, final String name, final String ticket) throws Exception
    {
        final Player player = new Player(engine, name);
        awaitCondition(() -> poll() && player.client.connect(name, ticket.getBytes(StandardCharsets.US_ASCII)) > 0,
            name + " sent Connect");
        awaitCondition(() -> poll() && null != player.sessionResult, name + " answered");
        return player.sessionResult;
    }

    private Player player(final Engine engine, final String name) throws Exception
    {
        final Player player = new Player(engine, name);
        awaitCondition(() -> poll() && player.client.connect(name, new byte[0]) > 0, name + " sent Connect");
        awaitCondition(() -> poll() && 0 != player.client.sessionId(), name + " connected");
        return player;
    }

    private boolean poll()
    {
        for (final GameClient client : clients)
        {
            client.poll(64);
        }
        return true;
    }

    private final class Player implements GameClientListener
    {
        final GameClient client;
        long roomId;
        long redirectedTo;
        ErrorCode error;
        ErrorCode sessionResult;

        Player(final Engine engine, final String name)
        {
            this(engine, name, false);
        }

        Player(final Engine engine, final String name, final boolean webSocket)
        {
            client = webSocket ? new GameClient(webSocketClients.open(java.net.URI.create(webSocketUrls.get(engine))),
                this, org.agrona.concurrent.SystemNanoClock.INSTANCE) : new GameClient(clientAeron, ingresses.get(engine), 1001, "aeron:udp?endpoint=localhost:" + freePort(), 7,
                this);
            clients.add(client);
        }

        public void onSessionResult(final SessionResultDecoder result)
        {
            sessionResult = result.result();
        }

        public void onRoomJoined(final RoomJoinedDecoder joined)
        {
            roomId = joined.roomId();
        }

        public void onError(final ErrorDecoder decoded)
        {
            error = decoded.code();
        }

        public void onRedirected(final long engineId, final long roomId)
        {
            redirectedTo++;
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
