package io.ringside.engine.websocket;

import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ReconnectEncoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WebSocket endpoint with a real engine, a real media driver and the JDK's WebSocket client: a player over a
 * WebSocket and a player over Aeron share a room and see each other move; what is not one binary protocol message
 * per frame, an Origin not allowed, and one connection too many from an address are refused, and the engine serves
 * on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketGatewayTest
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
     * A client over the JDK's WebSocket: keeps every binary message whole, and how the server closed it.
     */
    static final class WebClient implements WebSocket.Listener
    {
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final Map<Integer, float[]> positions = new ConcurrentHashMap<>();
        volatile int closeStatus = -1;
        private ByteBuffer partial = ByteBuffer.allocate(64 * 1024);
        WebSocket socket;

        public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
        {
            partial.put(data);
            if (last)
            {
                partial.flip();
                final byte[] message = new byte[partial.remaining()];
                partial.get(message);
                partial.clear();
                onMessage(message);
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closeStatus = statusCode;
            return null;
        }

        private void onMessage(final byte[] message)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            final MessageValidator validator = MessageValidator.forClient();
            assertEquals(Rejection.NONE, validator.validate(buffer, 0, message.length), "a valid server message");
            if (MessageType.ROOM_SNAPSHOT == validator.messageType())
            {
                final RoomSnapshotDecoder snapshot = new RoomSnapshotDecoder().wrap(buffer,
                    MessageHeaderDecoder.ENCODED_LENGTH, validator.actingBlockLength(), validator.actingVersion());
                snapshot.members().forEach(member -> { });
                for (final RoomSnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
                {
                    if (entity.changedFields().position())
                    {
                        positions.put(entity.entityId(), new float[]{ entity.x(), entity.y() });
                    }
                }
            }
            messages.add(message);
        }

        <T> T last(final int templateId, final java.util.function.Function<UnsafeBuffer, T> decode)
        {
            for (int i = messages.size() - 1; i >= 0; i--)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(messages.get(i));
                if (new MessageHeaderDecoder().wrap(buffer, 0).templateId() == templateId)
                {
                    return decode.apply(buffer);
                }
            }
            return null;
        }

        void sendBinary(final UnsafeBuffer buffer, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }
    }

    private WebClient open(final String origin)
    {
        final WebClient client = new WebClient();
        final WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (null != origin)
        {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" +
            network.engine.webSocketGateway().address().getPort() + WebSocketGateway.PATH), client).join();
        return client;
    }

    private void pollUntil(final String what, final BooleanSupplier condition)
    {
        network.pollUntil(what, 10_000, condition);
    }

    private static int connect(final UnsafeBuffer buffer, final String name)
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        connect.correlationId(1).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(0)
            .responseChannel(ProtocolLimits.IN_BAND_RESPONSE_CHANNEL).playerName(name).putCredentials(new byte[0], 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
    }

    private static SessionResultDecoder sessionResult(final UnsafeBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        return new SessionResultDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    private static RoomJoinedDecoder roomJoined(final UnsafeBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        return new RoomJoinedDecoder().wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
    }

    /**
     * @return the HTTP status an upgrade was refused with.
     */
    private static int refusedStatus(final org.junit.jupiter.api.function.Executable upgrade)
    {
        final CompletionException refused = assertThrows(CompletionException.class, upgrade);
        if (!(refused.getCause() instanceof WebSocketHandshakeException))
        {
            fail("not refused at the handshake: " + refused);
        }
        return ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode();
    }

    @Test
    void aWebSocketPlayerAndAnAeronPlayerShareARoomAndSeeEachOtherMove()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0)), new IngressContext());
        final Map<Integer, float[]> seenOverAeron = new HashMap<>();
        final GameClient aeron = network.seat(network.client(new GameClientListener()
        {
            public void onRoomSnapshot(
                final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
            {
                snapshot.members().forEach(member -> { });
                for (final RoomSnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
                {
                    if (entity.changedFields().position())
                    {
                        seenOverAeron.put(entity.entityId(), new float[]{ entity.x(), entity.y() });
                    }
                }
            }
        }), "aeron", "arena");

        final WebClient web = open(null);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        web.sendBinary(out, connect(out, "web"));
        pollUntil("a session result over the WebSocket",
            () -> null != web.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult));
        final SessionResultDecoder result = web.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult);
        assertEquals(ErrorCode.OK, result.result());
        final long sessionId = result.sessionId();

        final JoinRoomEncoder join = new JoinRoomEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder());
        join.correlationId(2).sessionId(sessionId).roomId(0).gameType("arena");
        web.sendBinary(out, MessageHeaderEncoder.ENCODED_LENGTH + join.encodedLength());
        pollUntil("seated over the WebSocket",
            () -> null != web.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined));
        final RoomJoinedDecoder joined = web.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined);
        assertEquals(aeron.roomId(), joined.roomId(), "the same room as the Aeron player");
        final int webEntity = joined.entityId();

        pollUntil("each sees the other", () -> web.positions.containsKey(aeron.entityId()) &&
            seenOverAeron.containsKey(webEntity));
        final float[] start = seenOverAeron.get(webEntity).clone();
        final InputEncoder input = new InputEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder());
        for (int i = 1; i <= 60; i++)
        {
            input.sessionId(sessionId).inputSequence(i).clientTimestampNs(System.nanoTime()).lastServerSequence(0)
                .thrust(1f).turn(0f).fire(BooleanType.FALSE);
            web.sendBinary(out, MessageHeaderEncoder.ENCODED_LENGTH + input.encodedLength());
        }
        pollUntil("the Aeron player sees the WebSocket player's ship move", () ->
        {
            final float[] now = seenOverAeron.get(webEntity);
            return Math.hypot(now[0] - start[0], now[1] - start[1]) > 5;
        });
        assertEquals(0, aeron.sequenceViolations());
        assertTrue(network.engine.pipeline().context().counters().value(CounterDescriptor.WS_FRAMES_SENT) > 0);
    }

    @Test
    void aWebSocketPlayerWhoseConnectionDropsResumesItsSessionOnANewOne()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0)), new IngressContext());
        final WebClient first = open(null);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        first.sendBinary(out, connect(out, "web"));
        pollUntil("a session", () -> null != first.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult));
        final SessionResultDecoder result = first.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult);
        final long sessionId = result.sessionId();
        final long tokenHigh = result.resumeToken().high();
        final long tokenLow = result.resumeToken().low();
        final JoinRoomEncoder join = new JoinRoomEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder());
        join.correlationId(2).sessionId(sessionId).roomId(0).gameType("arena");
        first.sendBinary(out, MessageHeaderEncoder.ENCODED_LENGTH + join.encodedLength());
        pollUntil("seated", () -> null != first.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined));
        final long roomId = first.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined).roomId();
        first.socket.abort();

        final WebClient second = open(null);
        final ReconnectEncoder reconnect = new ReconnectEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder());
        reconnect.correlationId(3).sessionId(sessionId);
        reconnect.resumeToken().high(tokenHigh).low(tokenLow);
        reconnect.lastSequenceSeen(0).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(0)
            .responseChannel(ProtocolLimits.IN_BAND_RESPONSE_CHANNEL);
        second.sendBinary(out, MessageHeaderEncoder.ENCODED_LENGTH + reconnect.encodedLength());
        pollUntil("resumed on the new connection, in its room again", () ->
            null != second.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined));
        final SessionResultDecoder resumed = second.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult);
        assertEquals(ErrorCode.OK, resumed.result());
        assertEquals(sessionId, resumed.sessionId());
        assertEquals(roomId, second.last(RoomJoinedDecoder.TEMPLATE_ID, WebSocketGatewayTest::roomJoined).roomId());
        pollUntil("room snapshots on the new connection", () -> !second.positions.isEmpty());

        // and the session is the new connection's: what it sends there is taken (a Ping answered), not refused
        final PingEncoder ping = new PingEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder());
        ping.sessionId(sessionId).pingId(42).clientTimestampNs(System.nanoTime());
        second.sendBinary(out, MessageHeaderEncoder.ENCODED_LENGTH + ping.encodedLength());
        pollUntil("a pong on the new connection", () -> null != second.last(PongDecoder.TEMPLATE_ID, buffer -> buffer));
        assertEquals(0, network.engine.pipeline().context().counters().value(
            CounterDescriptor.INGRESS_SESSION_MISMATCHES));
    }

    /**
     * What a listener saw: each entity's last position from the room's snapshots, this client's inputs acknowledged,
     * pongs and resumes.
     */
    private static final class Seen implements GameClientListener
    {
        final Map<Integer, float[]> positions = new HashMap<>();
        long lastAckedInput;
        int pongs;
        int resumed;

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
        {
            lastAckedInput = Math.max(lastAckedInput, lastInputSequence);
            snapshot.members().forEach(member -> { });
            for (final RoomSnapshotDecoder.EntitiesDecoder entity : snapshot.entities())
            {
                if (entity.changedFields().position())
                {
                    positions.put(entity.entityId(), new float[]{ entity.x(), entity.y() });
                }
            }
        }

        public void onPong(final PongDecoder pong, final long roundTripNs)
        {
            pongs++;
        }

        public void onResumed(final long sessionId)
        {
            resumed++;
        }
    }

    @Test
    void theJavaGameClientOverAWebSocketPlaysBesideAnAeronOneAndResumesAfterADrop()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0)), new IngressContext());
        final Seen seenOverAeron = new Seen();
        final GameClient aeron = network.seat(network.client(seenOverAeron), "aeron", "arena");
        final Seen seenOverWebSocket = new Seen();
        final GameClient web = network.seat(network.webSocketClient(seenOverWebSocket), "web", "arena");
        assertEquals(aeron.roomId(), web.roomId(), "the same room");
        assertTrue(web.isReadingRoomStream(), "the room's stream, in band");
        pollUntil("each sees the other", () -> seenOverWebSocket.positions.containsKey(aeron.entityId()) &&
            seenOverAeron.positions.containsKey(web.entityId()));

        final float[] start = seenOverAeron.positions.get(web.entityId()).clone();
        for (int i = 0; i < 30; i++)
        {
            NetworkFixture.send(() -> web.sendInput(1f, 0f, false));
        }
        NetworkFixture.send(() -> web.ping(1));
        pollUntil("the WebSocket client's inputs acknowledged, its ship moving, its ping answered", () ->
            seenOverWebSocket.lastAckedInput == web.inputSequence() && seenOverWebSocket.pongs == 1 &&
            Math.hypot(seenOverAeron.positions.get(web.entityId())[0] - start[0],
                seenOverAeron.positions.get(web.entityId())[1] - start[1]) > 5);

        final long sessionId = web.sessionId();
        ((io.ringside.transport.websocket.WebSocketClientTransport)web.transport()).drop();
        pollUntil("resumed on a new connection", () -> 1 == seenOverWebSocket.resumed);
        assertEquals(sessionId, web.sessionId());
        final long before = web.inputSequence();
        NetworkFixture.send(() -> web.sendInput(0.5f, 0.5f, false));
        pollUntil("inputs taken after the resume", () -> seenOverWebSocket.lastAckedInput > before);
        assertEquals(0, web.sequenceViolations());
        assertEquals(0, web.invalidMessages());
        assertEquals(0, aeron.sequenceViolations());
        assertEquals(0, network.engine.pipeline().context().counters().value(
            CounterDescriptor.INGRESS_SESSION_MISMATCHES));
    }

    @Test
    void aHalfOpenUpgradeAndASilentConnectionAreClosed() throws Exception
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0).handshakeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300))
            .idleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(700))), new IngressContext());
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1",
            network.engine.webSocketGateway().address().getPort()))
        {
            slow.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(5_000);
            assertEquals(-1, slow.getInputStream().read(), "a slowloris upgrade is closed at the handshake timeout");
        }
        final WebClient silent = open(null);
        pollUntil("a silent connection is closed", () -> silent.closeStatus >= 0 || silent.socket.isInputClosed());
        assertEquals(2, network.engine.pipeline().context().counters().value(CounterDescriptor.WS_CLOSED_SLOW_OR_IDLE));
    }

    @Test
    void whatIsNotOneBinaryMessageIsRefusedWithTheConnection()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .webSocket(new WebSocketContext().port(0).maxConnectionsPerAddress(3)), new IngressContext());

        final WebClient text = open(null);
        text.socket.sendText("hello", true).join();
        pollUntil("a text frame closes the connection (1003)", () -> 1003 == text.closeStatus);

        final WebClient oversized = open(null);
        oversized.socket.sendBinary(ByteBuffer.allocate(ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH + 1), true);
        pollUntil("an oversized frame closes the connection (1009)", () -> 1009 == oversized.closeStatus);

        final WebClient garbage = open(null);
        garbage.socket.sendBinary(ByteBuffer.wrap(new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), true).join();
        final WebClient honest = open(null);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        honest.sendBinary(out, connect(out, "honest"));
        pollUntil("an honest client is served beside them",
            () -> null != honest.last(SessionResultDecoder.TEMPLATE_ID, WebSocketGatewayTest::sessionResult));
        assertTrue(network.engine.pipeline().context().counters().value(CounterDescriptor.INGRESS_INVALID_MESSAGES) > 0,
            "the garbage frame was counted invalid by the same validator as Aeron's");

        assertEquals(403, refusedStatus(() -> open("http://evil.example")), "an Origin not allowed");
        assertEquals(2, network.engine.pipeline().context().counters().value(CounterDescriptor.WS_FRAMES_REFUSED));
        assertEquals(1, network.engine.pipeline().context().counters().value(CounterDescriptor.WS_REFUSED_ORIGIN));

        open(null); // the garbage and honest connections are still open: this is the third
        assertEquals(429, refusedStatus(() -> open(null)), "a fourth connection from the address");
        assertEquals(1, network.engine.pipeline().context().counters().value(CounterDescriptor.WS_REFUSED_PER_ADDRESS));
    }
}
