package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.CreateRoomEncoder;
import io.ringside.codec.sbe.DisconnectEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameMessageEncoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinByCodeEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.LeaveRoomEncoder;
import io.ringside.codec.sbe.ListRoomsEncoder;
import io.ringside.codec.sbe.MatchRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ReconnectEncoder;
import io.ringside.codec.sbe.RedirectDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomLeftDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.RoomStateSchemaDecoder;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.sbe.TurnActionEncoder;
import io.ringside.codec.sbe.WatchRoomEncoder;
import io.ringside.codec.state.StateSchemaCodec;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A game client: what the load generator and any Java game client use. It needs no game code.
 * <p>
 * It reaches the engine through a {@link ClientTransport}: over Aeron ({@link AeronClientTransport}, the constructors
 * that take an {@link Aeron}), it sends with an exclusive publication to the engine's ingress and receives on the
 * response channel and stream it names at connect, and snapshots larger than the MTU arrive in fragments and are
 * reassembled; over a WebSocket ({@link io.ringside.transport.websocket.WebSocketClientTransport}) one connection
 * carries both ways, the room's stream in band. Every received message is
 * validated and its per-client sequence checked: it must be exactly one
 * more than the last (a reconnect's SessionResult re-bases it). Violations and the skips the engine declares in
 * snapshots are counted; pongs give a round-trip estimate. Where the engine broadcasts the client's room on a room
 * stream (RoomJoined names it), the client reads it too, through a {@link RoomStreamReader}: its RoomSnapshots reach
 * {@link GameClientListener#onRoomSnapshot}, its gaps are counted. Not thread-safe: one thread sends and polls.
 * <p>
 * Send methods return what {@code Publication.offer} returns: positive when sent, negative when not (for example
 * BACK_PRESSURED while the engine pushes back); the caller decides whether to retry.
 * <p>
 * <b>Resuming by itself.</b> Once it has a session, the client keeps it across an engine restart or a lost stream
 * without the game's help: when the engine says SHUTTING_DOWN, or the engine's stream to it goes away, it sends
 * Reconnect with its resume token from {@link #poll}, again after a backoff that doubles up to a cap, until the
 * engine answers OK or refuses for good (UNKNOWN_SESSION), or the resume window ({@link #resumeWithin}) has passed.
 * While it resumes, send methods return {@link Publication#NOT_CONNECTED} (nothing stale reaches the new engine), and
 * the listener hears {@link GameClientListener#onResuming}, then {@link GameClientListener#onResumed} or
 * {@link GameClientListener#onResumeFailed}.
 */
public final class GameClient implements FragmentHandler, AutoCloseable
{
    private final ClientTransport transport;
    private final boolean roomStreamsInBand;
    private final RoomStreamReader roomStream;
    private final String responseChannel;
    private final int responseStreamId;
    private final GameClientListener listener;
    private final NanoClock clock;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectEncoder connectEncoder = new ConnectEncoder();
    private final ReconnectEncoder reconnectEncoder = new ReconnectEncoder();
    private final JoinRoomEncoder joinRoomEncoder = new JoinRoomEncoder();
    private final CreateRoomEncoder createRoomEncoder = new CreateRoomEncoder();
    private final MatchRoomEncoder matchRoomEncoder = new MatchRoomEncoder();
    private final JoinByCodeEncoder joinByCodeEncoder = new JoinByCodeEncoder();
    private final WatchRoomEncoder watchRoomEncoder = new WatchRoomEncoder();
    private final ListRoomsEncoder listRoomsEncoder = new ListRoomsEncoder();
    private final RoomListDecoder roomListDecoder = new RoomListDecoder();
    private final StateViewDecoder stateViewDecoder = new StateViewDecoder();
    private final LeaveRoomEncoder leaveRoomEncoder = new LeaveRoomEncoder();
    private final InputEncoder inputEncoder = new InputEncoder();
    private final TurnActionEncoder turnActionEncoder = new TurnActionEncoder();
    private final GameMessageEncoder gameMessageEncoder = new GameMessageEncoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final DisconnectEncoder disconnectEncoder = new DisconnectEncoder();
    private final MessageValidator validator = MessageValidator.forClient();
    private final SessionResultDecoder sessionResultDecoder = new SessionResultDecoder();
    private final RoomJoinedDecoder roomJoinedDecoder = new RoomJoinedDecoder();
    private final RoomLeftDecoder roomLeftDecoder = new RoomLeftDecoder();
    private final SnapshotDecoder snapshotDecoder = new SnapshotDecoder();
    private final GameEventDecoder gameEventDecoder = new GameEventDecoder();
    private final RoomMessageDecoder roomMessageDecoder = new RoomMessageDecoder();
    private final RoomStateSchemaDecoder roomStateSchemaDecoder = new RoomStateSchemaDecoder();
    private final DeclaredState declaredState = new DeclaredState();
    private final PongDecoder pongDecoder = new PongDecoder();
    private final ErrorDecoder errorDecoder = new ErrorDecoder();
    private final ServerStatusDecoder serverStatusDecoder = new ServerStatusDecoder();

    private final RedirectDecoder redirectDecoder = new RedirectDecoder();
    private final UnsafeBuffer roomRequest = new UnsafeBuffer(new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH]);
    private int roomRequestLength;
    private long roomRequestCorrelationId;
    private boolean roomRequestResendPending;
    private String playerName = "";
    private boolean redirecting;
    private boolean redirectConnectSent;
    private byte[] redirectTicket;
    private int redirectEngineId;
    private long redirectRoomId0;
    private long redirectDeadlineNs;
    private int redirectsInARow;
    private long redirects;
    private long redirectFailures;
    private long staleRedirects;
    /**
     * JoinRoom, WatchRoom and CreateRoom all carry the session id right after the correlation id.
     */
    private static final int ROOM_REQUEST_SESSION_ID_OFFSET = 8;
    private static final int MAX_REDIRECTS_IN_A_ROW = 3;
    private static final long REDIRECT_TIMEOUT_NS = 10_000_000_000L;

    private long correlationId;
    private long sessionId;
    private long tokenHigh;
    private long tokenLow;
    private long playerId;
    private long roomId;
    private int entityId;
    private String joinCode = "";
    private ErrorCode sessionResult;
    private long lastSequence;
    private long lastRequestCorrelationId;
    private long inputSequence;
    private long sequenceViolations;
    private long declaredSkips;
    private long invalidStateViews;
    private long snapshots;
    private long messagesReceived;
    private long bytesReceived;
    private long messagesSent;
    private long bytesSent;
    private long invalidMessages;
    private long roomMessagesOutOfRoom;
    private long lastRoundTripNs;
    private final long[] errorsByCode = new long[256];

    private long resumeWindowNs = DEFAULT_RESUME_WINDOW_NS;
    private long resumeInitialBackoffNs = DEFAULT_RESUME_INITIAL_BACKOFF_NS;
    private long resumeMaxBackoffNs = DEFAULT_RESUME_MAX_BACKOFF_NS;
    private boolean resuming;
    private ErrorCode resumeReason;
    private long resumeStartNs;
    private long nextResumeAttemptNs;
    private long resumeBackoffNs;
    private boolean leaving;
    private long resumes;
    private long resumeFailures;
    private long staleSessionResults;
    private int resumeAttemptsUnanswered;

    /**
     * How long the client keeps trying to resume by default: the engine's default reconnect grace.
     */
    public static final long DEFAULT_RESUME_WINDOW_NS = 30_000_000_000L;
    public static final long DEFAULT_RESUME_INITIAL_BACKOFF_NS = 50_000_000L;
    public static final long DEFAULT_RESUME_MAX_BACKOFF_NS = 1_000_000_000L;
    private static final long RESUME_ANSWER_TIMEOUT_NS = 2_000_000_000L;

    /**
     * @param aeron            a connected Aeron client (one may serve many game clients).
     * @param ingressChannel   the engine's ingress channel.
     * @param ingressStreamId  the engine's ingress stream id.
     * @param responseChannel  where this client receives, e.g. {@code aeron:udp?endpoint=localhost:50000}.
     * @param responseStreamId this client's stream id on that channel (unique per client on a shared channel).
     * @param listener         receives decoded messages.
     */
    public GameClient(
        final Aeron aeron,
        final String ingressChannel,
        final int ingressStreamId,
        final String responseChannel,
        final int responseStreamId,
        final GameClientListener listener)
    {
        this(aeron, ingressChannel, ingressStreamId, responseChannel, responseStreamId, listener,
            SystemNanoClock.INSTANCE);
    }

    public GameClient(
        final Aeron aeron,
        final String ingressChannel,
        final int ingressStreamId,
        final String responseChannel,
        final int responseStreamId,
        final GameClientListener listener,
        final NanoClock clock)
    {
        this(new AeronClientTransport(aeron, ingressChannel, ingressStreamId, responseChannel, responseStreamId),
            listener, clock);
    }

    /**
     * A client over any transport: Aeron, or a WebSocket
     * ({@link io.ringside.transport.websocket.WebSocketClientTransport}).
     *
     * @param transport the client's own (closed with it).
     */
    public GameClient(final ClientTransport transport, final GameClientListener listener, final NanoClock clock)
    {
        this.transport = transport;
        this.roomStreamsInBand = transport.roomStreamsInBand();
        this.responseChannel = transport.responseChannel();
        this.responseStreamId = transport.responseStreamId();
        this.listener = listener;
        this.clock = clock;
        roomStream = new RoomStreamReader(
            transport.roomStreamsInBand() ? null : transport.aeron(), responseChannel, listener, declaredState);
    }

    /**
     * The term length the client's ingress publication asks for: see {@link AeronClientTransport#INGRESS_TERM_LENGTH}.
     */
    public static final int INGRESS_TERM_LENGTH = AeronClientTransport.INGRESS_TERM_LENGTH;

    /**
     * @return how this client reaches the engine.
     */
    public ClientTransport transport()
    {
        return transport;
    }

    /**
     * Set how the client resumes by itself.
     *
     * @param windowNs         how long to keep trying (match the engine's reconnect grace); 0 never resumes by itself.
     * @param initialBackoffNs wait before the second attempt; it doubles after each attempt.
     * @param maxBackoffNs     the most it waits between attempts.
     * @return this.
     */
    public GameClient resumeWithin(final long windowNs, final long initialBackoffNs, final long maxBackoffNs)
    {
        this.resumeWindowNs = windowNs;
        this.resumeInitialBackoffNs = initialBackoffNs;
        this.resumeMaxBackoffNs = Math.max(initialBackoffNs, maxBackoffNs);
        return this;
    }

    /**
     * @return true while the client is resuming its session by itself.
     */
    public boolean isResuming()
    {
        return resuming;
    }

    /**
     * @return sessions this client resumed by itself.
     */
    public long resumes()
    {
        return resumes;
    }

    /**
     * @return refusals that answered an earlier request than the last one (a resume attempt overtaken by another).
     */
    public long staleSessionResults()
    {
        return staleSessionResults;
    }

    /**
     * @return times it gave up resuming.
     */
    public long resumeFailures()
    {
        return resumeFailures;
    }

    /**
     * @return true when the engine's ingress is connected to this client's publication.
     */
    public boolean isConnected()
    {
        return transport.isConnected();
    }

    // ------------------------------------------------------------------ sending

    /**
     * Keep a copy of a request another engine may be the one to answer (JoinRoom, WatchRoom, CreateRoom): after a
     * Redirect it is sent again there, as it was, with the new session's id.
     */
    private int rememberRoomRequest(final int encodedLength)
    {
        roomRequestLength = MessageHeaderEncoder.ENCODED_LENGTH + encodedLength;
        roomRequest.putBytes(0, sendBuffer, 0, roomRequestLength);
        roomRequestCorrelationId = correlationId;
        return encodedLength;
    }

    private long send(final int encodedLength)
    {
        if (resuming || redirecting)
        {
            return Publication.NOT_CONNECTED;
        }
        return offer(encodedLength);
    }

    private long offer(final int encodedLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encodedLength;
        final long result = transport.offer(sendBuffer, 0, length);
        if (result > 0)
        {
            messagesSent++;
            bytesSent += length;
        }
        return result;
    }

    public long connect(final String playerName, final byte[] credentials)
    {
        this.playerName = playerName;
        leaving = false;
        return send(encodeConnect(credentials));
    }

    /**
     * A Connect as the next request, with this client's player name and response stream.
     *
     * @return its encoded length.
     */
    private int encodeConnect(final byte[] credentials)
    {
        lastRequestCorrelationId = ++correlationId;
        connectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(lastRequestCorrelationId)
            .protocolVersion(ProtocolLimits.SCHEMA_VERSION)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel)
            .playerName(playerName)
            .putCredentials(credentials, 0, credentials.length);
        return connectEncoder.encodedLength();
    }

    /**
     * Resume the session this client (or an earlier one, see {@link #resume}) held.
     */
    public long reconnect()
    {
        lastRequestCorrelationId = ++correlationId;
        reconnectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(lastRequestCorrelationId)
            .sessionId(sessionId);
        reconnectEncoder.resumeToken().high(tokenHigh).low(tokenLow);
        reconnectEncoder
            .lastSequenceSeen(lastSequence)
            .protocolVersion(ProtocolLimits.SCHEMA_VERSION)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        return offer(reconnectEncoder.encodedLength());
    }

    /**
     * Take over a session from an earlier client (whose process-side state was lost), for {@link #reconnect()}.
     */
    public GameClient resume(final long sessionId, final long tokenHigh, final long tokenLow, final long lastSequence)
    {
        this.sessionId = sessionId;
        this.tokenHigh = tokenHigh;
        this.tokenLow = tokenLow;
        this.lastSequence = lastSequence;
        return this;
    }

    public long joinRoom(final String gameType, final long roomId)
    {
        joinRoomEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).roomId(roomId).gameType(gameType);
        return send(rememberRoomRequest(joinRoomEncoder.encodedLength()));
    }

    /**
     * Create a room of a game with options (key=value pairs separated by commas, which its game's onCreate takes or
     * refuses) and take its first seat. A private room is never listed nor matched; others join it by the code in
     * the answer ({@link #joinCode()}).
     */
    public long createRoom(final String gameType, final String options, final boolean privateRoom)
    {
        createRoomEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId)
            .privateRoom(privateRoom ? BooleanType.TRUE : BooleanType.FALSE).gameType(gameType).options(options);
        return send(rememberRoomRequest(createRoomEncoder.encodedLength()));
    }

    /**
     * Join the room the game's matchmaker chooses among the open public rooms whose metadata holds every pair of the
     * filter, or a new room made with the options when it chooses none.
     */
    public long matchRoom(final String gameType, final String filter, final String options)
    {
        matchRoomEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).gameType(gameType).filter(filter).options(options);
        return send(matchRoomEncoder.encodedLength());
    }

    /**
     * Join a private room by the code its creator was given.
     */
    public long joinByCode(final String joinCode)
    {
        joinByCodeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).joinCode(joinCode);
        return send(joinByCodeEncoder.encodedLength());
    }

    /**
     * Watch a public room without a seat (a spectator): RoomJoined comes with entity 0 and the room's stream is read
     * as a member's; {@link #leaveRoom()} stops watching.
     */
    public long watchRoom(final long roomId)
    {
        watchRoomEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).roomId(roomId);
        return send(rememberRoomRequest(watchRoomEncoder.encodedLength()));
    }

    /**
     * @return whether the client watches a room without a seat.
     */
    public boolean isWatching()
    {
        return 0 != roomId && 0 == entityId;
    }

    /**
     * Ask for a page of a game's open public rooms whose metadata holds every pair of the filter; the answer comes
     * to {@link GameClientListener#onRoomList}.
     *
     * @param firstRoom matching rooms to pass over.
     * @param pageSize  rooms at most, 1 to {@link ProtocolLimits#MAX_ROOM_LIST_PAGE}.
     */
    public long listRooms(final String gameType, final String filter, final int firstRoom, final int pageSize)
    {
        listRoomsEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).firstRoom(firstRoom).pageSize((short)pageSize)
            .gameType(gameType).filter(filter);
        return send(listRoomsEncoder.encodedLength());
    }

    public long leaveRoom()
    {
        leaveRoomEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId);
        return send(leaveRoomEncoder.encodedLength());
    }

    /**
     * Send arena controls with the next input sequence, stamped with the client clock.
     */
    public long sendInput(final float thrust, final float turn, final boolean fire)
    {
        return sendInput(thrust, turn, fire, clock.nanoTime());
    }

    public long sendInput(final float thrust, final float turn, final boolean fire, final long clientTimeNs)
    {
        inputEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .inputSequence(inputSequence + 1)
            .clientTimestampNs(clientTimeNs)
            .lastServerSequence(lastSequence)
            .thrust(thrust)
            .turn(turn)
            .fire(fire ? BooleanType.TRUE : BooleanType.FALSE);
        final long result = send(inputEncoder.encodedLength());
        if (result > 0)
        {
            inputSequence++;
        }
        return result;
    }

    public long turnAction(final int cell)
    {
        turnActionEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).cell(cell);
        return send(turnActionEncoder.encodedLength());
    }

    /**
     * Send a game-defined message to the client's room. The room's game declares the opcode and its payload cap
     * (at most {@link ProtocolLimits#MAX_GAME_PAYLOAD_LENGTH} bytes); a refusal comes back as an Error with this
     * message's correlation id.
     *
     * @return the offer's result, as for every send.
     */
    public long gameMessage(final int opcode, final DirectBuffer payload, final int offset, final int length)
    {
        gameMessageEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(++correlationId).sessionId(sessionId).opcode(opcode).putPayload(payload, offset, length);
        return send(gameMessageEncoder.encodedLength());
    }

    public long ping(final long pingId)
    {
        return ping(pingId, clock.nanoTime());
    }

    public long ping(final long pingId, final long clientTimeNs)
    {
        pingEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .sessionId(sessionId).pingId(pingId).clientTimestampNs(clientTimeNs);
        return send(pingEncoder.encodedLength());
    }

    public long disconnect()
    {
        leaving = true;
        resuming = false;
        transport.clearSessionStream();
        disconnectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId);
        return send(disconnectEncoder.encodedLength());
    }

    /**
     * Offer raw bytes to the ingress, for tests of what the engine does with bad input.
     */
    public long sendRaw(final DirectBuffer buffer, final int offset, final int length)
    {
        return transport.offer(buffer, offset, length);
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Poll for messages from the engine.
     *
     * @return fragments received.
     */
    public int poll(final int fragmentLimit)
    {
        final int fragments = transport.poll(this, fragmentLimit) + roomStream.poll(fragmentLimit);
        if (redirecting || roomRequestResendPending)
        {
            return fragments + stepRedirect();
        }
        if (0 == sessionId || resumeWindowNs <= 0 || leaving)
        {
            return fragments;
        }
        if (!resuming)
        {
            if (transport.isSessionStreamLost())
            {
                startResume(ErrorCode.TIMED_OUT);
            }
            return fragments;
        }
        return fragments + attemptResume();
    }

    private void startResume(final ErrorCode reason)
    {
        if (resuming || 0 == sessionId || resumeWindowNs <= 0 || leaving)
        {
            return;
        }
        resuming = true;
        resumeAttemptsUnanswered = 0;
        resumeReason = reason;
        transport.clearSessionStream();
        resumeStartNs = clock.nanoTime();
        nextResumeAttemptNs = resumeStartNs;
        resumeBackoffNs = resumeInitialBackoffNs;
        listener.onResuming(reason);
    }

    private int attemptResume()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - resumeStartNs > resumeWindowNs)
        {
            endResume(false, ErrorCode.TIMED_OUT);
            return 1;
        }
        if (nowNs - nextResumeAttemptNs < 0 || !transport.isConnected())
        {
            return 0;
        }
        if (reconnect() > 0)
        {
            // one attempt in flight: the next waits for its answer (a refusal schedules it after the backoff), or
            // for the answer timeout when the engine never read it (an engine on its way out)
            resumeAttemptsUnanswered++;
            nextResumeAttemptNs = nowNs + Math.max(resumeMaxBackoffNs, RESUME_ANSWER_TIMEOUT_NS);
        }
        return 1;
    }

    private void endResume(final boolean resumed, final ErrorCode code)
    {
        resuming = false;
        if (resumed)
        {
            resumes++;
            listener.onResumed(sessionId);
        }
        else
        {
            resumeFailures++;
            sessionId = 0;
            listener.onResumeFailed(code);
        }
    }

    // ------------------------------------------------------------------ following a Redirect

    /**
     * The engine sent this client to another (the room it asked for is there, or the directory placed its new room
     * there): leave this engine, open the transport to the other, connect there with the join ticket, and send the
     * request again, all without the game's help; the game hears {@link GameClientListener#onRedirected} and then
     * the answer to its request as usual.
     */
    private void onRedirect()
    {
        final long redirectCorrelationId = redirectDecoder.correlationId();
        final long redirectRoomId = redirectDecoder.roomId();
        final int engineId = redirectDecoder.engineId();
        redirectDecoder.ticketExpiresEpochMs();
        final String aeronEndpoint = redirectDecoder.aeronEndpoint();
        final String webSocketUrl = redirectDecoder.webSocketUrl();
        final byte[] ticket = new byte[redirectDecoder.ticketLength()];
        redirectDecoder.getTicket(ticket, 0, ticket.length);
        if (redirectCorrelationId != roomRequestCorrelationId || 0 == roomRequestLength)
        {
            staleRedirects++;
            return;
        }
        // leave this engine's session: it ends there (its player's state saved, as for any Disconnect)
        disconnectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId);
        offer(disconnectEncoder.encodedLength());
        final boolean loop = ++redirectsInARow > MAX_REDIRECTS_IN_A_ROW;
        final boolean moved = !loop && transport.redirect(aeronEndpoint, webSocketUrl);
        transport.clearSessionStream();
        sessionId = 0;
        if (!moved)
        {
            failRedirect(loop ? ErrorCode.REDIRECT_LOOP : ErrorCode.NO_SUCH_ROOM);
            return;
        }
        redirecting = true;
        redirectConnectSent = false;
        redirectTicket = ticket;
        redirectEngineId = engineId;
        redirectRoomId0 = redirectRoomId;
        redirectDeadlineNs = clock.nanoTime() + REDIRECT_TIMEOUT_NS;
    }

    private int stepRedirect()
    {
        if (roomRequestResendPending)
        {
            if (transport.offer(roomRequest, 0, roomRequestLength) > 0)
            {
                roomRequestResendPending = false;
                messagesSent++;
                bytesSent += roomRequestLength;
            }
            else if (clock.nanoTime() - redirectDeadlineNs > 0)
            {
                // the other engine's session is there but the request cannot be sent: the session resumes (or not)
                // as any other, and the request is given up
                roomRequestResendPending = false;
                failRedirect(ErrorCode.TIMED_OUT);
            }
            return 1;
        }
        if (clock.nanoTime() - redirectDeadlineNs > 0)
        {
            failRedirect(ErrorCode.TIMED_OUT);
            return 1;
        }
        if (!redirectConnectSent && transport.isConnected())
        {
            redirectConnectSent = offer(encodeConnect(redirectTicket)) > 0;
            return 1;
        }
        return 0;
    }

    /**
     * The other engine's answer to the Connect with the ticket: a session there, and the request asked again.
     */
    private void onRedirectSessionResult(final Header header, final long sequence)
    {
        if (sessionResultDecoder.correlationId() != lastRequestCorrelationId)
        {
            staleSessionResults++;
            return;
        }
        final ErrorCode result = sessionResultDecoder.result();
        if (ErrorCode.OK != result)
        {
            failRedirect(result);
            return;
        }
        transport.markSessionStream(header);
        lastSequence = sequence;
        sessionResult = result;
        acceptSession();
        redirecting = false;
        redirects++;
        roomRequest.putLong(MessageHeaderEncoder.ENCODED_LENGTH + ROOM_REQUEST_SESSION_ID_OFFSET, sessionId,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        roomRequestResendPending = true;
        stepRedirect();
        listener.onRedirected(redirectEngineId, redirectRoomId0);
    }

    private void failRedirect(final ErrorCode code)
    {
        redirecting = false;
        redirectFailures++;
        errorsByCode[code.value()]++;
        listener.onRedirectFailed(code);
    }

    /**
     * @return Redirects followed to a session on the other engine.
     */
    public long redirects()
    {
        return redirects;
    }

    /**
     * @return Redirects that could not be followed (the other engine refused the ticket, did not answer, or could
     * not be reached by this transport, or too many in a row): the client has no session after one.
     */
    public long redirectFailures()
    {
        return redirectFailures;
    }

    /**
     * @return true while following a Redirect.
     */
    public boolean isRedirecting()
    {
        return redirecting;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (roomStreamsInBand && length >= MessageHeaderDecoder.ENCODED_LENGTH && isRoomStreamMessage(buffer, offset))
        {
            if (roomStream.isOpen())
            {
                roomStream.onFragment(buffer, offset, length, header); // it counts and checks the room's messages
            }
            else
            {
                roomMessagesOutOfRoom++; // the tail of a room's stream the client has left, already on the wire
            }
            return;
        }
        messagesReceived++;
        bytesReceived += length;
        final Rejection rejection = validator.validate(buffer, offset, length);
        if (Rejection.NONE != rejection)
        {
            invalidMessages++;
            listener.onInvalidMessage(rejection);
            return;
        }

        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        final int blockLength = validator.actingBlockLength();
        final int version = validator.actingVersion();
        final long sequence = buffer.getLong(body, java.nio.ByteOrder.LITTLE_ENDIAN);

        switch (validator.messageType())
        {
            case SESSION_RESULT:
                sessionResultDecoder.wrap(buffer, body, blockLength, version);
                if (redirecting)
                {
                    onRedirectSessionResult(header, sequence);
                    break;
                }
                if (ErrorCode.OK == sessionResultDecoder.result())
                {
                    transport.markSessionStream(header);
                }
                onSessionResult(sequence);
                listener.onSessionResult(sessionResultDecoder);
                break;

            case ROOM_JOINED:
                checkSequence(sequence);
                redirectsInARow = 0;
                roomJoinedDecoder.wrap(buffer, body, blockLength, version);
                roomId = roomJoinedDecoder.roomId();
                entityId = roomJoinedDecoder.entityId();
                joinCode = roomJoinedDecoder.joinCode();
                declaredState.reset(null, roomId);
                roomStream.open(roomJoinedDecoder.roomStreamId(), entityId);
                listener.onRoomJoined(roomJoinedDecoder);
                break;

            case ROOM_LEFT:
                checkSequence(sequence);
                roomLeftDecoder.wrap(buffer, body, blockLength, version);
                roomId = 0;
                entityId = 0;
                joinCode = "";
                declaredState.reset(null, 0);
                roomStream.close();
                listener.onRoomLeft(roomLeftDecoder);
                break;

            case SNAPSHOT:
                checkSequence(sequence);
                snapshotDecoder.wrap(buffer, body, blockLength, version);
                snapshots++;
                declaredSkips += snapshotDecoder.skippedCount();
                listener.onSnapshot(snapshotDecoder);
                break;

            case GAME_EVENT:
                checkSequence(sequence);
                gameEventDecoder.wrap(buffer, body, blockLength, version);
                listener.onGameEvent(gameEventDecoder);
                break;

            case ROOM_STATE_SCHEMA:
                checkSequence(sequence);
                roomStateSchemaDecoder.wrap(buffer, body, blockLength, version);
                onRoomStateSchema(buffer, roomStateSchemaDecoder);
                break;

            case STATE_VIEW:
                checkSequence(sequence);
                stateViewDecoder.wrap(buffer, body, blockLength, version);
                snapshots++;
                declaredSkips += stateViewDecoder.skippedCount();
                if (declaredState.apply(stateViewDecoder))
                {
                    stateViewDecoder.wrap(buffer, body, blockLength, version);
                    listener.onRoomState(declaredState, stateViewDecoder.lastInputSequence(),
                        stateViewDecoder.lastInputClientTimestampNs());
                }
                else
                {
                    invalidStateViews++;
                }
                break;

            case ROOM_LIST:
                checkSequence(sequence);
                roomListDecoder.wrap(buffer, body, blockLength, version);
                listener.onRoomList(roomListDecoder);
                break;

            case ROOM_MESSAGE:
                checkSequence(sequence);
                roomMessageDecoder.wrap(buffer, body, blockLength, version);
                listener.onRoomMessage(roomMessageDecoder);
                break;

            case PONG:
                checkSequence(sequence);
                pongDecoder.wrap(buffer, body, blockLength, version);
                lastRoundTripNs = clock.nanoTime() - pongDecoder.clientTimestampNs();
                listener.onPong(pongDecoder, lastRoundTripNs);
                break;

            case ERROR:
                checkSequence(sequence);
                errorDecoder.wrap(buffer, body, blockLength, version);
                if (errorDecoder.correlationId() == roomRequestCorrelationId)
                {
                    redirectsInARow = 0; // the room request was answered, if not as hoped
                }
                errorsByCode[errorDecoder.codeRaw() & 0xFF]++;
                listener.onError(errorDecoder);
                break;

            case REDIRECT:
                checkSequence(sequence);
                redirectDecoder.wrap(buffer, body, blockLength, version);
                onRedirect();
                break;

            case SERVER_STATUS:
                checkSequence(sequence);
                serverStatusDecoder.wrap(buffer, body, blockLength, version);
                listener.onServerStatus(serverStatusDecoder);
                if (io.ringside.codec.sbe.ServerState.SHUTTING_DOWN == serverStatusDecoder.state())
                {
                    startResume(ErrorCode.SHUTTING_DOWN);
                }
                break;

            default:
                invalidMessages++;
                break;
        }
    }

    private static boolean isRoomStreamMessage(final DirectBuffer buffer, final int offset)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return RoomSnapshotDecoder.TEMPLATE_ID == templateId || RoomStateDecoder.TEMPLATE_ID == templateId;
    }

    /**
     * @return room stream messages that came in band while the client was in no room (the tail of a room it left),
     * passed over.
     */
    public long roomMessagesOutOfRoom()
    {
        return roomMessagesOutOfRoom;
    }

    /**
     * The declaration of the client's room's state: what its RoomState messages are read with. One that does not
     * read as a declaration is counted as invalid, and the room's state is then not decoded.
     */
    private void onRoomStateSchema(final DirectBuffer buffer, final RoomStateSchemaDecoder decoder)
    {
        final long schemaRoomId = decoder.roomId();
        final int length = decoder.schemaLength();
        final int at = decoder.limit() + RoomStateSchemaDecoder.schemaHeaderLength();
        try
        {
            declaredState.reset(StateSchemaCodec.decode(buffer, at, length), schemaRoomId);
        }
        catch (final IllegalArgumentException ex)
        {
            invalidMessages++;
            declaredState.reset(null, schemaRoomId);
        }
    }

    /**
     * @return the client's room's declared state (empty when its game declares none).
     */
    public DeclaredState declaredState()
    {
        return declaredState;
    }

    /**
     * @return RoomState and StateView messages that could not be applied (no declaration received, or entries that
     * do not match it).
     */
    public long roomStateInvalid()
    {
        return roomStream.invalidStates() + invalidStateViews;
    }

    /**
     * A SessionResult that grants a session starts (or, for a resume, carries on) the session's stream: the
     * per-client sequence is based on it. A refusal comes on a reply stream of its own and says nothing about the
     * session's sequence; one that answers an earlier request than the last is stale (a resume attempt overtaken by
     * another that succeeded) and is only counted.
     */
    private void onSessionResult(final long sequence)
    {
        final ErrorCode result = sessionResultDecoder.result();
        if (ErrorCode.OK == result)
        {
            lastSequence = sequence;
        }
        else if (sessionResultDecoder.correlationId() != lastRequestCorrelationId)
        {
            staleSessionResults++;
            return;
        }

        if (resuming)
        {
            onResumeResult(result);
            return;
        }
        sessionResult = result;
        if (ErrorCode.OK == result)
        {
            acceptSession();
        }
        else
        {
            errorsByCode[result.value()]++;
        }
    }

    private void acceptSession()
    {
        sessionId = sessionResultDecoder.sessionId();
        tokenHigh = sessionResultDecoder.resumeToken().high();
        tokenLow = sessionResultDecoder.resumeToken().low();
        playerId = sessionResultDecoder.playerId();
    }

    /**
     * An answer to a Reconnect sent while resuming: OK ends it, UNKNOWN_SESSION gives up (the engine forgot the
     * session), anything else (SHUTTING_DOWN from an engine on its way out, SERVER_BUSY) is tried again after the
     * backoff.
     */
    private void onResumeResult(final ErrorCode result)
    {
        resumeAttemptsUnanswered = Math.max(0, resumeAttemptsUnanswered - 1);
        if (ErrorCode.OK == result && sessionResultDecoder.sessionId() == sessionId)
        {
            sessionResult = result;
            acceptSession();
            endResume(true, result);
        }
        else if (ErrorCode.UNKNOWN_SESSION == result && resumeAttemptsUnanswered > 0)
        {
            // an earlier attempt may have resumed the session and rotated its token after this one was sent with the
            // old one: wait for that answer (or the window) rather than give up on a session the engine kept
            staleSessionResults++;
        }
        else if (ErrorCode.UNKNOWN_SESSION == result)
        {
            sessionResult = result;
            errorsByCode[result.value()]++;
            endResume(false, result);
        }
        else
        {
            nextResumeAttemptNs = clock.nanoTime() + resumeBackoffNs;
            resumeBackoffNs = Math.min(resumeMaxBackoffNs, resumeBackoffNs * 2);
        }
    }

    private void checkSequence(final long sequence)
    {
        if (sequence != lastSequence + 1)
        {
            sequenceViolations++;
        }
        lastSequence = sequence;
    }

    // ------------------------------------------------------------------ state

    public long sessionId()
    {
        return sessionId;
    }

    public long tokenHigh()
    {
        return tokenHigh;
    }

    public long tokenLow()
    {
        return tokenLow;
    }

    public long playerId()
    {
        return playerId;
    }

    public long roomId()
    {
        return roomId;
    }

    public int entityId()
    {
        return entityId;
    }

    /**
     * @return the join code of the private room the client is in, or empty.
     */
    public String joinCode()
    {
        return joinCode;
    }

    /**
     * @return the result of the last Connect or Reconnect, or null before one arrived.
     */
    public ErrorCode sessionResult()
    {
        return sessionResult;
    }

    public long lastSequence()
    {
        return lastSequence;
    }

    public long inputSequence()
    {
        return inputSequence;
    }

    public long sequenceViolations()
    {
        return sequenceViolations;
    }

    public long declaredSkips()
    {
        return declaredSkips + roomStream.declaredSkips();
    }

    /**
     * @return snapshots received and applicable: on the client's own stream, and from its room's stream.
     */
    public long snapshots()
    {
        return snapshots + roomStream.snapshots();
    }

    /**
     * @return of {@link #snapshots()}, those from the room's stream (RoomSnapshot, RoomState).
     */
    public long roomStreamSnapshots()
    {
        return roomStream.snapshots();
    }

    /**
     * Whether the entities of each RoomSnapshot are validated value by value (on by default). Turn it off only when
     * the listener never decodes entities, as the load generator, which reads a snapshot's header and its own
     * acknowledgement: the message's structure is still checked.
     *
     * @return this.
     */
    public GameClient checkRoomEntities(final boolean check)
    {
        roomStream.checkEntities(check);
        return this;
    }

    /**
     * @return losses detected on the room stream (jumps in its sequence).
     */
    public long roomStreamGaps()
    {
        return roomStream.gaps();
    }

    /**
     * @return room stream messages missed in those jumps.
     */
    public long roomStreamMessagesLost()
    {
        return roomStream.messagesLost();
    }

    /**
     * @return DELTAs from the room stream not applied because their baseline was missing (after a loss, or before
     * the first keyframe after joining).
     */
    public long roomStreamDeltasWithoutBaseline()
    {
        return roomStream.deltasWithoutBaseline();
    }

    /**
     * @return times the room stream's sequence went back: a new stream (the engine restarted).
     */
    public long roomStreamRestarts()
    {
        return roomStream.restarts();
    }

    /**
     * @return whether the client reads a room stream (or is subscribing to one).
     */
    public boolean isReadingRoomStream()
    {
        return roomStream.isOpen();
    }

    /**
     * @return messages received, on the client's own stream and its room's.
     */
    public long messagesReceived()
    {
        return messagesReceived + roomStream.messagesReceived();
    }

    /**
     * @return bytes received, on the client's own stream and its room's.
     */
    public long bytesReceived()
    {
        return bytesReceived + roomStream.bytesReceived();
    }

    public long messagesSent()
    {
        return messagesSent;
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    public long invalidMessages()
    {
        return invalidMessages + roomStream.invalidMessages();
    }

    public long errors(final ErrorCode code)
    {
        return errorsByCode[code.value()];
    }

    /**
     * @return the round trip of the last pong, in nanoseconds.
     */
    public long lastRoundTripNs()
    {
        return lastRoundTripNs;
    }

    public void close()
    {
        CloseHelper.closeAll(roomStream, transport);
    }
}
