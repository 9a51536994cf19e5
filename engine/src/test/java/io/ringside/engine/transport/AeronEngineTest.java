package io.ringside.engine.transport;

import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.support.BeaconGame;
import io.ringside.transport.DeclaredState;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine on a real embedded media driver, clients over real Aeron, UDP on loopback and IPC.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AeronEngineTest
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
     * Remembers the latest position of every entity a client has seen, from its own snapshots or its room's stream.
     */
    static final class WorldView implements GameClientListener
    {
        final Map<Integer, float[]> positions = new HashMap<>();
        final List<ErrorCode> errors = new ArrayList<>();
        /**
         * Each RoomMessage: its opcode (uint16, little endian) and then its payload.
         */
        final List<byte[]> roomMessages = new ArrayList<>();
        ServerState lastStatus;
        int snapshotsWithSkips;
        long roomSnapshots;
        long lastAckedInput;

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
        {
            roomSnapshots++;
            lastAckedInput = lastInputSequence;
            snapshot.members().forEach(member -> { });
            for (final RoomSnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
            {
                if (entity.changedFields().position())
                {
                    positions.put(entity.entityId(), new float[]{ entity.x(), entity.y(), entity.score() });
                }
            }
            snapshot.removedEntities().forEach(removed -> positions.remove(removed.entityId()));
        }

        public void onSnapshot(final SnapshotDecoder snapshot)
        {
            if (snapshot.skippedCount() > 0)
            {
                snapshotsWithSkips++;
            }
            for (final SnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
            {
                if (entity.changedFields().position())
                {
                    positions.put(entity.entityId(), new float[]{ entity.x(), entity.y(), entity.score() });
                }
            }
            snapshot.removedEntities().forEach(removed -> positions.remove(removed.entityId()));
        }

        public void onError(final ErrorDecoder error)
        {
            errors.add(error.code());
        }

        public void onRoomMessage(final RoomMessageDecoder message)
        {
            final byte[] bytes = new byte[2 + message.payloadLength()];
            new UnsafeBuffer(bytes).putShort(0, (short)message.opcode(), java.nio.ByteOrder.LITTLE_ENDIAN);
            message.getPayload(bytes, 2, bytes.length - 2);
            roomMessages.add(bytes);
        }

        public void onServerStatus(final ServerStatusDecoder status)
        {
            lastStatus = status.state();
        }
    }

    private GameClient connectAndJoin(final GameClient client, final String name)
    {
        return network.seat(client, name);
    }

    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void twoClientsJoinMoveAndSeeEachOtherWithGapFreeSequences(final boolean ipc)
    {
        network = new NetworkFixture(ipc, NetworkFixture.engineContext(), new IngressContext());
        twoClientsJoinMoveAndSeeEachOther();
    }

    /**
     * Game-defined messages both ways over real Aeron: a tic-tac-toe player's chat line reaches the other seat as a
     * RoomMessage with the sender in front, in sequence with everything else; the sender gets nothing back; an opcode
     * the game does not declare and a payload over the opcode's cap come back as their error codes, with the
     * message's correlation id.
     */
    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void chatBetweenTwoSeatsIsRelayedAndUndeclaredMessagesAreRefused(final boolean ipc)
    {
        network = new NetworkFixture(ipc, NetworkFixture.defaultGamesContext(), new IngressContext());
        final WorldView xView = new WorldView();
        final WorldView oView = new WorldView();
        final GameClient x = network.seat(network.client(xView), "x", TicTacToeGame.NAME);
        final GameClient o = network.seat(network.client(oView), "o", TicTacToeGame.NAME);
        final UnsafeBuffer line = new UnsafeBuffer(new byte[TicTacToeGame.MAX_CHAT_BYTES + 1]);
        final int length = line.putStringWithoutLengthUtf8(0, "good luck");

        send(() -> x.gameMessage(TicTacToeGame.CHAT, line, 0, length));
        network.pollUntil("o hears x", 10_000, () -> !oView.roomMessages.isEmpty());
        assertEquals(List.of(x.entityId() + ":good luck"), chatLines(oView));

        send(() -> x.gameMessage(TicTacToeGame.CHAT + 1, line, 0, length));
        send(() -> x.gameMessage(TicTacToeGame.CHAT, line, 0, TicTacToeGame.MAX_CHAT_BYTES + 1));
        network.pollUntil("x told twice", 10_000, () -> 2 == xView.errors.size());
        assertEquals(List.of(ErrorCode.UNKNOWN_OPCODE, ErrorCode.MESSAGE_TOO_LONG), xView.errors);
        assertEquals(List.of(), chatLines(xView), "a chat line is not echoed to its sender");
        assertEquals(1, oView.roomMessages.size(), "refused lines reach nobody");
        assertEquals(0, x.sequenceViolations() + o.sequenceViolations());
        assertEquals(0, x.invalidMessages() + o.invalidMessages());
    }

    private static List<String> chatLines(final WorldView view)
    {
        final List<String> lines = new ArrayList<>();
        for (final byte[] message : view.roomMessages)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            assertEquals(TicTacToeGame.CHAT, buffer.getShort(0, java.nio.ByteOrder.LITTLE_ENDIAN));
            lines.add(buffer.getInt(2, java.nio.ByteOrder.LITTLE_ENDIAN) + ":" + buffer.getStringWithoutLengthUtf8(
                2 + TicTacToeGame.CHAT_SENDER_LENGTH, message.length - 2 - TicTacToeGame.CHAT_SENDER_LENGTH));
        }
        return lines;
    }

    /**
     * A game that declares its state, over real Aeron: each client gets the declaration at join and decodes the room's
     * RoomState messages into entities by type and field with no code of the game's, both clients see the same values,
     * and levels rise tick by tick.
     */
    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void clientsDecodeADeclaredStateGameWithoutItsCode(final boolean ipc)
    {
        network = new NetworkFixture(ipc, NetworkFixture.defaultGamesContext()
            .games(new io.ringside.engine.game.GameRegistry().register(new BeaconGame())), new IngressContext());
        final long[] states = new long[2];
        final GameClient a = network.seat(network.client(new GameClientListener()
        {
            public void onRoomState(final DeclaredState state, final long ack, final long ackTimeNs)
            {
                states[0]++;
            }
        }), "a", BeaconGame.NAME);
        final GameClient b = network.seat(network.client(new GameClientListener()
        {
            public void onRoomState(final DeclaredState state, final long ack, final long ackTimeNs)
            {
                states[1]++;
            }
        }), "b", BeaconGame.NAME);

        network.pollUntil("both see both beacons", 10_000, () ->
            2 == a.declaredState().entities("beacon").size() && 2 == b.declaredState().entities("beacon").size());
        assertEquals(BeaconGame.STATE, a.declaredState().schema(), "the declaration, read from the wire");
        final DeclaredState.Entity aSeen = a.declaredState().entity(b.entityId());
        final int levelThen = aSeen.getInt("level");
        network.pollUntil("levels rise", 10_000, () -> a.declaredState().entity(b.entityId()).getInt("level") >
            levelThen + 5);
        network.pollUntil("the same picture", 10_000, () ->
            a.declaredState().tick() == b.declaredState().tick() &&
            a.declaredState().entity(a.entityId()).getInt("level") ==
                b.declaredState().entity(a.entityId()).getInt("level"));
        assertEquals(1, a.declaredState().entity(BeaconGame.MATCH_ENTITY_ID).getInt("phase"), "two players: playing");
        assertEquals(200f, a.declaredState().entity(b.entityId()).getFloat("x"), 0.02f);
        assertTrue(states[0] > 5 && states[1] > 5);
        assertEquals(0, a.roomStateInvalid() + b.roomStateInvalid());
        assertEquals(0, a.sequenceViolations() + b.sequenceViolations() + a.invalidMessages() + b.invalidMessages());
    }

    /**
     * Two egress threads share the clients (session id modulo two): each client's stream, sequence and snapshots come
     * from the one that owns it, room streams from the first for the members of both, and players owned by different
     * threads see each other move with gap-free sequences, over per-client views and over a room stream.
     */
    @ParameterizedTest(name = "ipc={0}, room stream={1}")
    @CsvSource({ "false,false", "false,true", "true,false", "true,true" })
    void twoEgressThreadsShareTheClients(final boolean ipc, final boolean roomStream)
    {
        final io.ringside.engine.EngineContext context = NetworkFixture.engineContext().egressThreads(2);
        if (!roomStream)
        {
            context.roomStreamMaxSeats(0);
        }
        network = new NetworkFixture(ipc, context, new IngressContext());
        final List<WorldView> views = new ArrayList<>();
        final List<GameClient> clients = new ArrayList<>();
        final int[] owned = new int[2];
        // session ids are random: seat players until each thread owns one (12 all on one: odds 1 in 2,048)
        while (clients.size() < 2 || (0 == owned[0] || 0 == owned[1]) && clients.size() < 12)
        {
            final WorldView view = new WorldView();
            final GameClient client = connectAndJoin(network.client(view), "p" + clients.size());
            views.add(view);
            clients.add(client);
            owned[io.ringside.engine.egress.EgressHandler.shardOf(client.sessionId(), 2)]++;
        }
        assertTrue(owned[0] > 0 && owned[1] > 0, "players on both egress threads");
        network.pollUntil("every player sees every ship", 10_000, () -> views.stream().allMatch(v ->
            clients.stream().allMatch(c -> v.positions.containsKey(c.entityId()))));

        final GameClient mover = clients.get(0);
        final float[] start = views.get(1).positions.get(mover.entityId()).clone();
        for (int i = 0; i < 30; i++)
        {
            send(() -> mover.sendInput(1, 0, false));
            network.pollFor(17);
        }
        for (final WorldView view : views.subList(1, views.size()))
        {
            final float[] moved = view.positions.get(mover.entityId());
            assertTrue(Math.hypot(moved[0] - start[0], moved[1] - start[1]) > 10, "every other player sees it move");
        }
        for (final GameClient client : clients)
        {
            assertEquals(0, client.sequenceViolations());
            assertEquals(0, client.invalidMessages());
            assertEquals(0, client.roomStreamGaps());
        }

        final io.ringside.engine.egress.EgressHandler[] shards = network.engine.pipeline().egressShards();
        // read from this thread while the egress threads run: waited for, not assumed
        network.pollUntil("each thread keeps the clients it owns", 5_000,
            () -> owned[0] == shards[0].clientCount() && owned[1] == shards[1].clientCount());
        final var counters = network.engine.pipeline().egress().counters();
        if (roomStream)
        {
            assertEquals(0, counters.snapshotsSent(), "the room is broadcast, by the first egress thread");
            assertTrue(counters.roomSnapshotsSent() > 20);
        }
        else
        {
            assertTrue(counters.snapshotsSent() > 20L * clients.size(), "each thread sends its own clients' views");
        }
    }

    /**
     * A room of the default size is broadcast on its room stream: over IPC every member subscribes to the room's one
     * publication, over UDP each member is a destination of the room's multi-destination publication (two clients
     * sharing a response endpoint share one destination). Every member reads every room tick once, with its own
     * input acknowledged, no gap; its own stream carries no snapshot; and a member that leaves stops reading.
     */
    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void membersReadTheirRoomsStreamWithTheirOwnAcknowledgement(final boolean ipc)
    {
        network = new NetworkFixture(ipc, NetworkFixture.engineContext(), new IngressContext(), 2);
        final WorldView[] views = { new WorldView(), new WorldView(), new WorldView() };
        final GameClient[] clients = new GameClient[views.length];
        for (int i = 0; i < clients.length; i++)
        {
            clients[i] = connectAndJoin(network.client(views[i]), "p" + i);
            assertTrue(clients[i].isReadingRoomStream(), "RoomJoined named a room stream");
        }
        network.pollUntil("every member reads the room stream with every ship", 10_000,
            () -> java.util.Arrays.stream(views).allMatch(v -> v.positions.size() >= clients.length));

        for (int i = 1; i <= 20; i++)
        {
            send(() -> clients[0].sendInput(1, 0, false));
            network.pollFor(17);
        }
        network.pollUntil("the input acknowledged in the room stream", 5_000,
            () -> views[0].lastAckedInput == clients[0].inputSequence());
        assertEquals(20, clients[0].inputSequence());

        final long before = views[1].roomSnapshots;
        network.pollFor(500);
        final long read = views[1].roomSnapshots - before;
        assertTrue(read >= 20 && read <= 31, "about 30 room ticks in half a second, each read once: " + read);
        for (final GameClient client : clients)
        {
            assertEquals(0, client.roomStreamGaps(), "no loss on the room stream");
            assertEquals(0, client.sequenceViolations());
            assertEquals(0, client.invalidMessages());
        }
        final long perClientSnapshots = network.engine.pipeline().egress().counters().snapshotsSent();
        assertEquals(0, perClientSnapshots, "no per-client snapshot: the room is broadcast");

        send(clients[2]::leaveRoom);
        network.pollUntil("left", 5_000, () -> 0 == clients[2].roomId());
        final long afterLeave = views[2].roomSnapshots;
        network.pollFor(300);
        assertEquals(afterLeave, views[2].roomSnapshots, "a member that left reads no more of the room");
        assertTrue(views[1].roomSnapshots > before + read, "the others read on");
    }

    /**
     * Over IPC the room stream is untethered: a member that stops reading holds the room back for at most the window
     * limit timeout (100 ms, the others' ticks meanwhile declared as skipped, never lost), is then left out, and when
     * it reads again it has rejoined at the live position: one gap, counted, and it applies nothing until the next
     * keyframe. The steady member loses nothing.
     */
    @Test
    void aMemberThatStopsReadingTheRoomStreamFallsBehindAloneAndResyncsAtAKeyframe()
    {
        network = new NetworkFixture(true, NetworkFixture.engineContext().roomStreamKeyframeIntervalMessages(10)
            .roomStreamMaxEntities(64), new IngressContext(), Integer.MAX_VALUE, null,
            transport -> transport.roomTermLength(64 * 1024));
        final WorldView steadyView = new WorldView();
        final WorldView stalledView = new WorldView();
        final GameClient steady = connectAndJoin(network.client(steadyView), "steady");
        final GameClient stalled = connectAndJoin(network.client(stalledView), "stalled");
        network.pollUntil("both read the room", 10_000,
            () -> steadyView.roomSnapshots > 10 && stalledView.roomSnapshots > 10);

        // fill the stalled member's window (32 KiB, half the room's 64 KiB term) with room ticks and a few shots
        network.paused(stalled, true);
        final var egress = network.engine.pipeline().egress().counters();
        final long skippedBefore = egress.roomSnapshotsSkipped();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (egress.roomSnapshotsSkipped() == skippedBefore)
        {
            assertTrue(System.nanoTime() < deadlineNs, "the stalled member's window never filled");
            send(() -> steady.sendInput(1, 0.5f, true));
            network.pollFor(17);
        }
        network.pollUntil("the stalled member is left out: the room moves on", 10_000,
            () -> stalledIsLeftOut(steadyView));
        final long steadyBefore = steadyView.roomSnapshots;
        network.pollFor(300);
        assertTrue(steadyView.roomSnapshots > steadyBefore + 10, "the room goes on without the stalled member");

        network.paused(stalled, false);
        final long stalledBefore = stalledView.roomSnapshots;
        network.pollUntil("the stalled member reads again after a gap", 20_000,
            () -> stalled.roomStreamGaps() > 0 && stalledView.roomSnapshots > stalledBefore + 10);
        assertTrue(stalled.roomStreamDeltasWithoutBaseline() > 0 || stalled.roomStreamMessagesLost() > 0);
        assertEquals(0, steady.roomStreamGaps(), "the steady member lost nothing: the room waited, then left it out");
        assertEquals(0, steady.sequenceViolations() + stalled.sequenceViolations());
    }

    /**
     * @return true once the room stream moves on at full rate for the steady member (the stalled one no longer holds
     * it back).
     */
    private boolean stalledIsLeftOut(final WorldView steadyView)
    {
        final long before = steadyView.roomSnapshots;
        network.pollFor(200);
        return steadyView.roomSnapshots - before >= 9;
    }

    /**
     * The layout without a driver thread: the ingress agent runs the media driver in its duty cycle, and egress,
     * adding each client's publication, runs it too while it waits.
     */
    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void theSameWithTheMediaDriverRunByTheIngressAgent(final boolean ipc)
    {
        network = new NetworkFixture(
            ipc, NetworkFixture.engineContext(), new IngressContext(), Integer.MAX_VALUE, "invoker");
        twoClientsJoinMoveAndSeeEachOther();
    }

    private void twoClientsJoinMoveAndSeeEachOther()
    {
        final WorldView viewA = new WorldView();
        final WorldView viewB = new WorldView();
        final GameClient a = connectAndJoin(network.client(viewA), "alice");
        final GameClient b = connectAndJoin(network.client(viewB), "bob");
        assertEquals(a.roomId(), b.roomId(), "the second player joins the open room");

        network.pollUntil("each sees the other", 10_000,
            () -> viewA.positions.containsKey(b.entityId()) && viewB.positions.containsKey(a.entityId()));

        final float[] start = viewB.positions.get(a.entityId()).clone();
        for (int i = 0; i < 30; i++)
        {
            send(() -> a.sendInput(1, 0, false));
            network.pollFor(17);
        }
        final float[] moved = viewB.positions.get(a.entityId());
        assertTrue(Math.hypot(moved[0] - start[0], moved[1] - start[1]) > 10, "b sees a move");

        network.pollFor(200);
        assertEquals(0, a.sequenceViolations());
        assertEquals(0, b.sequenceViolations());
        assertEquals(0, a.invalidMessages() + b.invalidMessages());
        assertTrue(a.snapshots() > 20 && b.snapshots() > 20);
        assertEquals(0, a.declaredSkips() + b.declaredSkips());
    }

    @Test
    void reconnectWithTheResumeTokenAfterTheClientLostItsStateKeepsThePlayer()
    {
        network = new NetworkFixture(false, NetworkFixture.engineContext(), new IngressContext());
        final WorldView view = new WorldView();
        final GameClient first = connectAndJoin(network.client(view), "carol");
        for (int i = 0; i < 20; i++)
        {
            send(() -> first.sendInput(1, 0.2f, false));
            network.pollFor(17);
        }
        send(() -> first.sendInput(0, 0, false));
        network.pollFor(300);
        final float[] before = view.positions.get(first.entityId()).clone();
        final long sessionId = first.sessionId();
        final int entityId = first.entityId();
        final long tokenHigh = first.tokenHigh();
        final long tokenLow = first.tokenLow();
        final long lastSequence = first.lastSequence();
        network.forget(first);

        final WorldView resumedView = new WorldView();
        final GameClient second = network.client(resumedView).resume(sessionId, tokenHigh, tokenLow, lastSequence);
        network.pollUntil("publication connected", 10_000, second::isConnected);
        send(second::reconnect);
        network.pollUntil("resumed", 10_000, () -> null != second.sessionResult());
        assertEquals(ErrorCode.OK, second.sessionResult());
        assertEquals(sessionId, second.sessionId());
        network.pollUntil("seat back", 10_000, () -> second.entityId() == entityId);
        network.pollUntil("sees itself", 10_000, () -> resumedView.positions.containsKey(entityId));

        final float[] after = resumedView.positions.get(entityId);
        assertTrue(Math.hypot(after[0] - before[0], after[1] - before[1]) < 100,
            "the ship is where it was: " + before[0] + "," + before[1] + " -> " + after[0] + "," + after[1]);
        assertEquals(before[2], after[2], "same score");

        final GameClient replay = network.client().resume(sessionId, tokenHigh, tokenLow, 0);
        network.pollUntil("publication connected", 10_000, replay::isConnected);
        send(replay::reconnect);
        network.pollUntil("refused", 10_000, () -> null != replay.sessionResult());
        assertEquals(ErrorCode.UNKNOWN_SESSION, replay.sessionResult(), "a used resume token does not work again");
    }

    @Test
    void badActorsGetTheirErrorCodesWhileAnHonestClientKeepsEverySnapshot()
    {
        final byte[] secret = "a-test-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);
        final HmacTokenAuthenticator tokens = new HmacTokenAuthenticator(secret);
        network = new NetworkFixture(false, NetworkFixture.engineContext(),
            new IngressContext().authenticator(tokens).inputRate(120, 60).abuseThreshold(100_000));
        final long inAnHour = Instant.now().getEpochSecond() + 3600;

        final WorldView honestView = new WorldView();
        final GameClient honest = network.client(honestView);
        network.pollUntil("connected", 10_000, honest::isConnected);
        send(() -> honest.connect("honest", tokens.token(1, inAnHour).getBytes(StandardCharsets.US_ASCII)));
        network.pollUntil("honest session", 10_000, () -> null != honest.sessionResult());
        assertEquals(ErrorCode.OK, honest.sessionResult());
        send(() -> honest.joinRoom("arena", 0));
        network.pollUntil("honest seated", 10_000, () -> honest.entityId() > 0);
        network.pollFor(200);
        final long honestSnapshotsAtStart = honest.snapshots();
        final long ticksAtStart = network.engine.pipeline().logic().counters().ticks();

        final GameClient forger = network.client();
        network.pollUntil("connected", 10_000, forger::isConnected);
        send(() -> forger.connect("forger", "v1.2.9999999999.not-a-signature".getBytes(StandardCharsets.US_ASCII)));
        network.pollUntil("forger refused", 10_000, () -> null != forger.sessionResult());
        assertEquals(ErrorCode.AUTH_FAILED, forger.sessionResult());

        final GameClient expired = network.client();
        network.pollUntil("connected", 10_000, expired::isConnected);
        send(() -> expired.connect("expired", tokens.token(3, 1000).getBytes(StandardCharsets.US_ASCII)));
        network.pollUntil("expired refused", 10_000, () -> null != expired.sessionResult());
        assertEquals(ErrorCode.AUTH_FAILED, expired.sessionResult());

        final WorldView attackerView = new WorldView();
        final GameClient attacker = network.client(attackerView);
        network.pollUntil("connected", 10_000, attacker::isConnected);
        send(() -> attacker.connect("attacker", tokens.token(4, inAnHour).getBytes(StandardCharsets.US_ASCII)));
        network.pollUntil("attacker session", 10_000, () -> ErrorCode.OK == attacker.sessionResult());
        send(() -> attacker.joinRoom("arena", 0));
        network.pollUntil("attacker seated", 10_000, () -> attacker.entityId() > 0);

        // spoofing: the attacker sends an input naming the honest client's session
        final GameClient spoof = network.client().resume(honest.sessionId(), 0, 0, 0);
        final long mismatchesBefore = network.engine.ingress().counters().sessionMismatches();
        final long attackerSessionId = attacker.sessionId();
        attacker.resume(honest.sessionId(), 0, 0, attacker.lastSequence());
        send(() -> attacker.sendInput(1, 1, true));
        attacker.resume(attackerSessionId, attacker.tokenHigh(), attacker.tokenLow(), attacker.lastSequence());
        network.forget(spoof);
        network.pollUntil("session mismatch told", 10_000,
            () -> attackerView.errors.contains(ErrorCode.SESSION_MISMATCH));
        assertEquals(mismatchesBefore + 1, network.engine.ingress().counters().sessionMismatches());

        // garbage and oversized bytes
        final SplittableRandom random = new SplittableRandom(3);
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[2000]);
        for (int i = 0; i < garbage.capacity(); i++)
        {
            garbage.putByte(i, (byte)random.nextInt(256));
        }
        send(() -> attacker.sendRaw(garbage, 0, 40));
        network.pollUntil("bad message told", 10_000, () -> attackerView.errors.contains(ErrorCode.BAD_MESSAGE));
        assertTrue(network.engine.ingress().counters().invalidMessages() >= 1);
        send(() -> attacker.sendRaw(garbage, 0, 1200));
        send(() -> attacker.sendRaw(garbage, 0, 2000));
        network.pollUntil("oversized counted", 10_000, () -> network.engine.ingress().counters().oversized() >= 2);

        // a flood of inputs past the rate limit
        network.pollUntil("a flood rate-limited and told", 20_000, () ->
        {
            for (int i = 0; i < 50; i++)
            {
                attacker.sendInput(0.5f, 0, false);
            }
            return network.engine.ingress().counters().rateLimited() > 100 &&
                attackerView.errors.contains(ErrorCode.RATE_LIMITED);
        });
        assertTrue(network.engine.ingress().counters().authFailed() >= 1);
        assertTrue(network.engine.ingress().counters().authExpired() >= 1);

        final long ticks = network.engine.pipeline().logic().counters().ticks() - ticksAtStart;
        network.pollFor(500);
        final long honestSnapshots = honest.snapshots() - honestSnapshotsAtStart;
        assertEquals(0, honest.sequenceViolations(), "the honest client lost nothing");
        assertEquals(0, honest.declaredSkips(), "and nothing was skipped for it");
        assertTrue(honestSnapshots >= ticks, "a snapshot for every tick: " + honestSnapshots + " for " + ticks);
        assertEquals(0, network.engine.pipeline().faults());
        assertEquals(0, network.engine.ingress().counters().rejections(Rejection.NONE));
    }

    /**
     * Per-client views (rooms too large to broadcast, here every room: room streams off): a client that stops reading
     * has its snapshots skipped and declared, and one that stays frozen is let go.
     */
    @Test
    void aClientThatStopsPollingIsSkippedThenDisconnectedAsASlowConsumer()
    {
        network = new NetworkFixture(false, NetworkFixture.engineContext().reliableQueueCapacityBytes(8 * 1024)
            .roomStreamMaxSeats(0), new IngressContext().inputRate(100_000, 100_000));
        final GameClient steady = connectAndJoin(network.client(new WorldView()), "steady");
        final GameClient stalled = connectAndJoin(network.client(new WorldView()), "stalled");
        network.pollFor(200);
        final var egress = network.engine.pipeline().egress().counters();

        // a pause: Aeron's window fills, the engine skips the client's snapshots, and declares them when it reads again
        network.paused(stalled, true);
        network.pollUntil("snapshots skipped for the paused client", 20_000, () -> egress.snapshotsSkipped() > 0);
        network.pollFor(200);
        network.paused(stalled, false);
        network.pollUntil("the skips are declared", 20_000, () -> stalled.declaredSkips() > 0);
        assertEquals(0, stalled.sequenceViolations(), "skipped snapshots take no sequence number");
        assertEquals(0, egress.slowConsumerDisconnects());

        // a longer freeze while it keeps asking for replies: its reliable queue overflows and it is disconnected
        network.paused(stalled, true);
        network.pollUntil("disconnected as a slow consumer", 30_000, () ->
        {
            stalled.ping(1);
            return egress.slowConsumerDisconnects() >= 1;
        });
        network.pollUntil("the loss entered the ring", 10_000,
            () -> network.engine.pipeline().logic().counters().sessionsLost() >= 1);
        assertTrue(egress.reliableDiscarded() > 0, "what could not be delivered is counted");
        network.pollFor(300);

        assertEquals(0, steady.sequenceViolations(), "the steady client lost nothing");
        assertEquals(0, steady.declaredSkips(), "and had nothing skipped");
        assertTrue(steady.snapshots() > 60);
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void fiveHundredClientsConnectJoinAndAllReceiveSnapshots()
    {
        // one test thread polls all 500 clients, so on a loaded machine each of them reads slowly for a while: that
        // is the harness, not what is tested here, so the no-snapshot-taken limit is set above the test's length
        // and the clients send nothing after they join: a busy machine must not make them time out (they would
        // resume by themselves, which is not what is tested here either). Over IPC: 500 UDP clients and the engine
        // in one Java media driver (1,000 network streams) on this 2-core machine sometimes never delivered a few
        // clients' JoinRoom to the engine within two minutes (see the README); the UDP path is tested with fewer.
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .slowConsumerAfterNs(TimeUnit.SECONDS.toNanos(600)).sessionTimeoutNs(TimeUnit.SECONDS.toNanos(600)),
            new IngressContext(), 50);
        final int count = 500;
        final List<GameClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            clients.add(network.client());
        }
        // how long it takes is a figure for benchmarks, not a condition here: the deadlines only stop a test that
        // would never finish, and scale with what is asked (on a busy CI machine 500 UDP publications in one driver
        // take a while to connect)
        final long deadlineMs = count * 240L;
        final long start = System.nanoTime();
        network.pollUntil("all publications connected", deadlineMs,
            () -> clients.stream().allMatch(GameClient::isConnected));
        for (int i = 0; i < count; i++)
        {
            final GameClient client = clients.get(i);
            final String name = "player-" + i;
            send(() -> client.connect(name, new byte[0]));
        }
        network.pollUntil("all sessions", deadlineMs,
            () -> clients.stream().allMatch(c -> ErrorCode.OK == c.sessionResult()));
        for (final GameClient client : clients)
        {
            send(() -> client.joinRoom("arena", 0));
        }
        network.pollUntil("all receive snapshots", deadlineMs, () -> clients.stream().allMatch(c -> c.snapshots() >= 3));
        final double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(count, network.engine.ingress().sessionCount());
        for (final GameClient client : clients)
        {
            assertEquals(0, client.sequenceViolations());
        }
        System.out.printf("%d clients connected, joined and received snapshots in %.2f s%n", count, seconds);

        final long logBytes = aeronLogBytes(network.engine.aeronDirectoryName());
        final Runtime runtime = Runtime.getRuntime();
        System.out.printf("memory: Aeron log buffers %.1f KiB per client over IPC (the engine's egress publication " +
            "and the client's ingress publication); egress state %d publications%n", logBytes / 1024.0 / count,
            network.engine.publications().size());
        assertTrue(logBytes > 0);
        runtime.gc();
    }

    private static long aeronLogBytes(final String aeronDir)
    {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of(aeronDir)))
        {
            return files.filter(p -> p.toString().endsWith(".logbuffer")).mapToLong(p ->
            {
                try
                {
                    return java.nio.file.Files.size(p);
                }
                catch (final java.io.IOException ex)
                {
                    return 0;
                }
            }).sum();
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void shutdownTellsEveryClient()
    {
        network = new NetworkFixture(true, NetworkFixture.engineContext(), new IngressContext());
        final WorldView view = new WorldView();
        final GameClient client = connectAndJoin(network.client(view), "dave");
        network.pollFor(100);

        final Thread closer = new Thread(network.engine::close);
        closer.start();
        network.pollUntil("shutting down told", 10_000, () -> ServerState.SHUTTING_DOWN == view.lastStatus);
        assertEquals(0, client.sequenceViolations());
    }
}
