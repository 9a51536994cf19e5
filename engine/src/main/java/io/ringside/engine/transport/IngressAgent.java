package io.ringside.engine.transport;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.CreateRoomEncoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MatchRoomDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import io.ringside.directory.RoomIds;
import io.ringside.engine.directory.DirectoryContext;
import io.ringside.engine.directory.KnownEngines;
import io.ringside.engine.directory.PlacementChannel;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.ha.HaChannels;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventPublisher;
import io.ringside.engine.ring.ProducerCommandQueue;
import io.ringside.engine.ring.RoomRequests;
import io.ringside.engine.ring.TickClock;
import io.ringside.engine.websocket.WebSocketIngress;
import io.ringside.journal.JournalStatus;
import io.ringside.transport.IngressAdapter;
import io.ringside.transport.IngressListener;
import io.ringside.transport.IngressSource;
import io.ringside.transport.auth.Authenticator;
import io.ringside.transport.auth.JoinTickets;
import io.ringside.transport.auth.NoneAuthenticator;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.Object2IntHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;

/**
 * The ring's single producer: an Agent that, each duty cycle, reads the clock once, invokes the Aeron client
 * conductor, publishes the TICK events that are due, turns egress's requests into ring events, and polls the ingress
 * subscriptions for at most as many fragments as the ring has free slots (so a full ring stops polling and Aeron's flow
 * control pushes back on clients: nothing is dropped and nothing blocks).
 * <p>
 * Every message is validated first. Then it decides what the logic thread must not: it authenticates Connects,
 * chooses session ids and resume tokens (SecureRandom) and room seeds, stamps the ingress time, binds each session to
 * the source it connected from (a session id used from another source is SESSION_MISMATCH), limits each session's
 * rate with a token bucket, and caps sessions per source address. Refusals of a known session are put in the ring so
 * that the session is told, at most one Error per interval; every refusal is counted; past the abuse threshold the
 * session is disconnected and its source ignored.
 */
public final class IngressAgent implements Agent, IngressListener, ProducerCommandQueue.CommandHandler
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BODY = ProtocolLimits.HEADER_LENGTH;
    private static final int COMMAND_LIMIT = 64;
    private static final int NESTED_COMMAND_LIMIT = 4;
    /**
     * Rooms the HTTP API asks for that go to the ring in one duty cycle at most.
     */
    private static final int ROOM_REQUEST_LIMIT = 4;
    private static final int HA_MESSAGE_LIMIT = 16;
    private static final long COUNTERS_REFRESH_INTERVAL_NS = 100_000_000L;
    private static final long MIN_QUIET_PARK_NS = 100_000L;

    /**
     * What ingress keeps per session, no more than it must decide before the ring: the source it is bound to, its
     * rate budget and its record of refusals. Who the session is and its resume token are the logic's.
     */
    private static final class IngressSession
    {
        final long sessionId;
        final TokenBucket budget;
        long sourceId;
        String address;
        int violations;
        long lastReplyNs = Long.MIN_VALUE / 2;
        ErrorCode lastReplyCode;
        /**
         * Opened with a join ticket from another engine, and its first room request not yet made: that request is
         * the one the ticket was issued for ({@link #ticketRoomId}, 0 for a room to create), and is never sent
         * elsewhere again. After it the session is like any other.
         */
        boolean ticketed;
        long ticketRoomId;

        IngressSession(final long sessionId, final TokenBucket budget)
        {
            this.sessionId = sessionId;
            this.budget = budget;
        }
    }

    private IngressAdapter adapter;
    private LongFunction<IngressSource> sources = id -> null;
    private final AgentInvoker conductor;
    private IntSupplier driverDuty = () -> 0;
    private final EventPublisher publisher;
    private final TickClock tickClock;
    private final ProducerCommandQueue commands;
    private final IngressContext settings;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private final SecureRandom random;
    private final CreateRoomEncoder roomRequestEncoder = new CreateRoomEncoder();
    private final MessageHeaderEncoder roomRequestHeaderEncoder = new MessageHeaderEncoder();
    private final UnsafeBuffer roomRequestBuffer = new UnsafeBuffer(new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH]);
    private final java.util.function.Consumer<RoomRequests.Request> roomRequestToRing = this::publishRoomRequest;
    private RoomRequests roomRequests;
    private DirectoryContext directory;
    private int engineId;
    private JoinTickets tickets;
    private java.util.function.Supplier<KnownEngines> knownEngines = () -> KnownEngines.NONE;
    private PlacementChannel placements;
    private HaChannels haChannels;
    private final ControlledMessageHandler haToRing = this::onHaMessage;
    private final UnsafeBuffer inBandReconnect = new UnsafeBuffer(new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH]);
    private WebSocketIngress webSockets;
    private final boolean noneAuthAllowed;
    private final int fragmentLimit;
    private final MessageValidator validator = MessageValidator.forServer();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final ReconnectDecoder reconnectDecoder = new ReconnectDecoder();
    private final UnsafeBuffer credentials = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer redactedConnect = new UnsafeBuffer(new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH]);
    private final UnsafeBuffer playerName = new UnsafeBuffer(0, 0);
    private final Long2ObjectHashMap<IngressSession> sessions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap sessionBySource = new Long2LongHashMap(0);
    private final Long2LongHashMap violationsBySource = new Long2LongHashMap(0);
    private final LongHashSet bannedSources = new LongHashSet();
    private final Object2IntHashMap<String> sessionsPerAddress = new Object2IntHashMap<>(0);
    private final IngressCounters counters;

    private JournalStatus journalStatus;
    private boolean journalWritable = true;
    private long firstTick = 1;
    private ServerState recoveredServerState = ServerState.RUNNING;
    private long[] recoveredSessionIds = new long[0];
    private int recoveredSessionsPublished;
    private final EngineCounters engineCounters;
    private long nextCountersUpdateNs;
    private volatile boolean shutdownRequested;
    private volatile boolean shutdownPublished;
    private long now;

    public IngressAgent(
        final AgentInvoker conductor,
        final EventPublisher publisher,
        final TickClock tickClock,
        final ProducerCommandQueue commands,
        final IngressContext settings,
        final boolean ingressOnLoopback,
        final int fragmentLimit,
        final NanoClock nanoClock,
        final EpochClock epochClock,
        final SecureRandom random,
        final EngineCounters engineCounters)
    {
        this.counters = new IngressCounters(engineCounters);
        this.engineCounters = engineCounters;
        this.conductor = conductor;
        this.publisher = publisher;
        this.tickClock = tickClock;
        this.commands = commands;
        this.settings = settings;
        this.fragmentLimit = fragmentLimit;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.random = random;
        this.noneAuthAllowed = ingressOnLoopback || settings.allowNoneAuthOnNonLoopback;
    }

    /**
     * Attach the adapter that delivers to this agent (they are made in that order: the adapter needs its listener).
     */
    public IngressAgent attach(final IngressAdapter adapter)
    {
        this.adapter = adapter;
        this.sources = adapter::source;
        return this;
    }

    /**
     * @param sources finds a connected source by id (the adapter's table; a test's own without an adapter).
     * @return this.
     */
    public IngressAgent sources(final LongFunction<IngressSource> sources)
    {
        this.sources = sources;
        return this;
    }

    /**
     * Watch the journal: while it cannot write, tell clients (ServerStatus DEGRADED through the ring) and stop
     * taking their input, so that it waits in Aeron's buffers and pushes back on the clients instead of piling up.
     */
    public IngressAgent journalStatus(final JournalStatus journalStatus)
    {
        this.journalStatus = journalStatus;
        return this;
    }

    /**
     * @param firstTick the number of the first tick to publish (after recovery: one past the recovered tick).
     */
    public IngressAgent firstTick(final long firstTick)
    {
        this.firstTick = firstTick;
        return this;
    }

    /**
     * What recovery rebuilt, for the first duty cycles to put right through the ring (so the journal records it):
     * the server state the previous run ended in goes back to RUNNING, and the sessions it left active lost their
     * transports with that run, so their seats are held for the reconnect grace like any other lost session. Call
     * before the agent starts.
     */
    public IngressAgent recovered(final ServerState serverState, final long[] activeSessionIds)
    {
        this.recoveredServerState = serverState;
        this.recoveredSessionIds = activeSessionIds.clone();
        return this;
    }

    public String roleName()
    {
        return "ringside-ingress";
    }

    /**
     * @param driverDuty one turn of a media driver that has no thread of its own (INVOKER), run first in every duty
     *                   cycle; see {@code TransportDriver#invokeDriver}.
     */
    public IngressAgent driverDuty(final IntSupplier driverDuty)
    {
        this.driverDuty = driverDuty;
        return this;
    }

    public void onStart()
    {
        tickClock.start(nanoClock.nanoTime(), firstTick);
    }

    public IngressCounters counters()
    {
        return counters;
    }

    /**
     * Ask the agent to tell every client the engine is shutting down and to stop taking input. Any thread.
     */
    public void requestShutdown()
    {
        shutdownRequested = true;
    }

    /**
     * @return true once SHUTTING_DOWN is in the ring.
     */
    public boolean isShutdownPublished()
    {
        return shutdownPublished;
    }

    public int doWork()
    {
        now = nanoClock.nanoTime();
        int work = driverDuty.getAsInt();
        work += null != conductor ? conductor.invoke() : 0;
        if (now - nextCountersUpdateNs >= 0)
        {
            refreshCounters();
            nextCountersUpdateNs = now + COUNTERS_REFRESH_INTERVAL_NS;
        }

        if (shutdownRequested)
        {
            if (!shutdownPublished && publisher.publishServerState(ServerState.SHUTTING_DOWN, now))
            {
                shutdownPublished = true;
                work++;
            }
            return work + commands.drain(this, COMMAND_LIMIT);
        }

        if (recoveredSessionsPublished < recoveredSessionIds.length || ServerState.RUNNING != recoveredServerState)
        {
            return work + publishRecovered();
        }

        // with no client connected, ticks go to the ring three at a time: the stages wake 20 times a second, not 60
        final int ticks = null != adapter && 0 == adapter.imageCount() &&
            (null == webSockets || 0 == webSockets.connectionCount()) ?
            tickClock.onTimeBatched(now, publisher) : tickClock.onTime(now, publisher);
        counters.ticks.getAndAddRelease(ticks);
        work += ticks;
        work += commands.drain(this, COMMAND_LIMIT);

        if (null != journalStatus && !journalWritable(journalStatus.isWritable()))
        {
            counters.journalPausedPolls.incrementRelease();
            return work + poll(0);
        }

        long free = publisher.remainingCapacity() - settings.ringReserveSlots;
        if (free <= 0)
        {
            counters.ringFullPolls.incrementRelease();
            return work + poll(0);
        }
        if (null != roomRequests && free > ROOM_REQUEST_LIMIT)
        {
            final int requests = roomRequests.drain(roomRequestToRing, ROOM_REQUEST_LIMIT);
            work += requests;
            free -= requests;
        }
        if (null != placements && free > ROOM_REQUEST_LIMIT)
        {
            final int placed = placements.readAnswers(ROOM_REQUEST_LIMIT);
            work += placed;
            free -= placed;
        }
        if (null != haChannels)
        {
            // a message the ring has no room for stays in the channel (aborted) until the next duty cycle
            final long before = publisher.published();
            work += haChannels.readFromCluster(haToRing, HA_MESSAGE_LIMIT);
            free -= publisher.published() - before;
        }
        return work + poll((int)Math.min(fragmentLimit, free));
    }

    /**
     * How long to park while no client is connected, asked by the idle strategy on this agent's thread after a duty
     * cycle that did nothing: until the next batch of ticks is due, so that an idle engine wakes once per batch
     * (20 times a second at 60 Hz) and its ticks are as punctual as before, but never longer than {@code maxNs}, the
     * most a first client's Connect waits.
     */
    public long quietParkNs(final long maxNs)
    {
        return Math.max(MIN_QUIET_PARK_NS, Math.min(maxNs, tickClock.nanosToNextBatch(nanoClock.nanoTime())));
    }

    /**
     * How long to park while clients are connected, asked by the idle strategy on this agent's thread after every
     * duty cycle: until the next sweep over the client images or the next tick is due, whichever comes first, at most
     * {@code maxNs}; not at all while commands from egress wait. One wake-up per sweep: a backoff from microsecond
     * parks woke the thread eight times between two sweeps, and on this VM a wake-up costs 30-60 us.
     */
    public long activeParkNs(final long maxNs)
    {
        if (!commands.isEmpty())
        {
            return 0;
        }
        final long nowNs = nanoClock.nanoTime();
        final long toSweepNs = null == adapter ? maxNs : adapter.nanosToNextSweep(nowNs);
        return Math.min(maxNs, Math.min(toSweepNs, tickClock.nanosToNextTick(nowNs)));
    }

    private int poll(final int limit)
    {
        final int read = null == adapter ? 0 : adapter.poll(limit, now);
        return null == webSockets ? read : read + webSockets.poll(this, limit - read, now);
    }

    /**
     * What this thread counts through objects of its own (the tick clock, the publisher, the adapter), into its
     * counters; then every counter into its Aeron mirror, which only this thread may write, since it is the one that
     * runs the Aeron client's conductor (see {@link EngineCounters#mirror()}).
     */
    private void refreshCounters()
    {
        counters.tickOverruns.setRelease(tickClock.overrunTicks());
        counters.ringStalls.setRelease(publisher.stalls());
        if (null != adapter)
        {
            counters.images.setRelease(adapter.imageCount());
            counters.imagesLost.setRelease(adapter.imagesLost());
        }
        if (null != webSockets)
        {
            counters.webSocketFramesAfterClose.setRelease(webSockets.framesAfterClose());
        }
        engineCounters.mirror();
    }

    private int publishRecovered()
    {
        int work = 0;
        if (ServerState.RUNNING != recoveredServerState && publisher.publishServerState(ServerState.RUNNING, now))
        {
            recoveredServerState = ServerState.RUNNING;
            work++;
        }
        while (ServerState.RUNNING == recoveredServerState && recoveredSessionsPublished < recoveredSessionIds.length &&
            publisher.publishSessionLost(recoveredSessionIds[recoveredSessionsPublished], ErrorCode.SHUTTING_DOWN, now))
        {
            recoveredSessionsPublished++;
            counters.published.incrementRelease();
            work++;
        }
        return work;
    }

    /**
     * Follow the journal's health into the server state: returns whether input may be taken.
     */
    private boolean journalWritable(final boolean writable)
    {
        if (writable != journalWritable &&
            publisher.publishServerState(writable ? ServerState.RUNNING : ServerState.DEGRADED, now))
        {
            journalWritable = writable;
            counters.journalStateChanges.incrementRelease();
        }
        return journalWritable && writable;
    }

    // ------------------------------------------------------------------ from egress

    public void onSessionLost(final long sessionId, final ErrorCode reason)
    {
        final IngressSession session = sessions.get(sessionId);
        if (null != session)
        {
            unbind(session);
        }
        publishOrCount(publisher.publishSessionLost(sessionId, reason, now));
    }

    public void onSessionBound(final long sessionId, final long sourceId)
    {
        final IngressSource source = sources.apply(sourceId);
        IngressSession session = sessions.get(sessionId);
        if (null == session)
        {
            // resumed after a restart, or after ingress let it go: ingress learns of it from the logic's decision
            session = newSession(sessionId, null == source ? null : source.address());
        }
        unbind(session);
        if (null == source || source.isLost())
        {
            publishOrCount(publisher.publishSessionLost(sessionId, ErrorCode.TIMED_OUT, now));
            return;
        }
        if (!source.address().equals(session.address))
        {
            // resumed from another host: its place in the per-address count moves with it
            uncountAddress(session);
            session.address = source.address();
            sessionsPerAddress.put(session.address, sessionsPerAddress.getValue(session.address) + 1);
        }
        bind(session, source);
    }

    private IngressSession newSession(final long sessionId, final String address)
    {
        final IngressSession session = new IngressSession(
            sessionId, new TokenBucket(settings.inputRatePerSecond, settings.inputBurstMessages, now));
        session.address = address;
        sessions.put(sessionId, session);
        if (null != address)
        {
            sessionsPerAddress.put(address, sessionsPerAddress.getValue(address) + 1);
        }
        return session;
    }

    public void onSessionForgotten(final long sessionId)
    {
        final IngressSession session = sessions.get(sessionId);
        if (null != session)
        {
            forget(session);
        }
    }

    /**
     * Let a session go: its binding, its record, and its place in its address's session count.
     */
    private void forget(final IngressSession session)
    {
        sessions.remove(session.sessionId);
        unbind(session);
        uncountAddress(session);
    }

    private void uncountAddress(final IngressSession session)
    {
        if (null != session.address)
        {
            final int count = sessionsPerAddress.getValue(session.address) - 1;
            if (count <= 0)
            {
                sessionsPerAddress.removeKey(session.address);
            }
            else
            {
                sessionsPerAddress.put(session.address, count);
            }
            session.address = null;
        }
    }

    private void unbind(final IngressSession session)
    {
        if (0 != session.sourceId && sessionBySource.get(session.sourceId) == session.sessionId)
        {
            sessionBySource.remove(session.sourceId);
        }
        session.sourceId = 0;
    }

    private void publishOrCount(final boolean published)
    {
        if (published)
        {
            counters.published.incrementRelease();
        }
        else
        {
            counters.ringFullPolls.incrementRelease();
        }
    }

    // ------------------------------------------------------------------ from the ingress subscriptions

    public void onSourceLost(final IngressSource source)
    {
        counters.sourcesLost.incrementRelease();
        final long sessionId = sessionBySource.remove(source.sourceId());
        violationsBySource.remove(source.sourceId());
        bannedSources.remove(source.sourceId());
        if (0 != sessionId)
        {
            final IngressSession session = sessions.get(sessionId);
            if (null != session)
            {
                session.sourceId = 0;
                publishOrCount(publisher.publishSessionLost(sessionId, ErrorCode.TIMED_OUT, now));
            }
        }
    }

    public void onOversizedMessage(final IngressSource source, final int length)
    {
        counters.oversized.incrementRelease();
        refuseFromSource(source, ErrorCode.BAD_MESSAGE, 0);
    }

    public void onMessage(final IngressSource source, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.messages.incrementRelease();
        if (bannedSources.contains(source.sourceId()))
        {
            counters.bannedSourceMessages.incrementRelease();
            return;
        }

        final Rejection rejection = validator.validate(buffer, offset, length);
        if (Rejection.NONE != rejection)
        {
            counters.rejection(rejection);
            refuseFromSource(source, rejection.errorCode(), 0);
            return;
        }

        final MessageType type = validator.messageType();
        switch (type)
        {
            case CONNECT:
                onConnect(source, buffer, offset, length);
                return;

            case RECONNECT:
                onReconnect(source, buffer, offset, length);
                return;

            default:
                onSessionMessage(type, source, buffer, offset, length);
        }
    }

    private void onConnect(final IngressSource source, final DirectBuffer buffer, final int offset, final int length)
    {
        connectDecoder.wrap(buffer, offset + BODY, validator.actingBlockLength(), validator.actingVersion());
        final int responseStreamId = connectDecoder.responseStreamId();
        final String responseChannel = connectDecoder.responseChannel();
        connectDecoder.wrapPlayerName(playerName);
        connectDecoder.wrapCredentials(credentials);

        if (!responseChannelAllowed(source, responseChannel, responseStreamId))
        {
            counters.badResponseChannels.incrementRelease();
            return;
        }

        ErrorCode reason = ErrorCode.OK;
        long playerId = 0;
        boolean ticketed = false;
        long ticketRoomId = 0;
        final Authenticator authenticator = settings.authenticator;
        if (null != tickets && JoinTickets.isTicket(credentials, 0, credentials.capacity()))
        {
            playerId = tickets.verify(credentials, 0, credentials.capacity(), engineId, epochClock.time());
            if (playerId > 0)
            {
                counters.ticketsAccepted.incrementRelease();
                ticketed = true;
                ticketRoomId = tickets.verifiedRoomId();
            }
            else
            {
                counters.ticketsRefused.incrementRelease();
                if (JoinTickets.EXPIRED != playerId)
                {
                    countSourceViolation(source); // forged or misdirected; an expired one may be a slow client
                }
                reason = ErrorCode.BAD_TICKET;
                playerId = 0;
            }
        }
        else if (authenticator instanceof NoneAuthenticator && !noneAuthAllowed)
        {
            counters.noneAuthRefused.incrementRelease();
            reason = ErrorCode.AUTH_FAILED;
        }
        else
        {
            playerId = authenticator.authenticate(credentials, 0, credentials.capacity(), playerName, 0,
                playerName.capacity(), epochClock.time());
            if (Authenticator.EXPIRED == playerId)
            {
                counters.authExpired.incrementRelease();
                reason = ErrorCode.AUTH_FAILED;
            }
            else if (playerId <= 0)
            {
                counters.authFailed.incrementRelease();
                reason = ErrorCode.AUTH_FAILED;
            }
        }

        if (ErrorCode.AUTH_FAILED == reason)
        {
            countSourceViolation(source);
        }
        if (ErrorCode.OK == reason && sessionsPerAddress.getValue(source.address()) >= settings.maxSessionsPerAddress)
        {
            counters.tooManySessionsPerAddress.incrementRelease();
            reason = ErrorCode.TOO_MANY_SESSIONS;
        }

        final long sessionId = newSessionId();
        final long tokenHigh = random.nextLong();
        final long tokenLow = random.nextLong();
        if (ErrorCode.OK == reason)
        {
            final IngressSession session = newSession(sessionId, source.address());
            session.ticketed = ticketed;
            session.ticketRoomId = ticketRoomId;
            bind(session, source);
        }
        // the credentials were decided on here: they never enter the ring, so the journal never holds them
        final int credentialsLengthIndex =
            connectDecoder.limit() - credentials.capacity() - ConnectDecoder.credentialsHeaderLength();
        final int redactedLength = credentialsLengthIndex + ConnectDecoder.credentialsHeaderLength() - offset;
        redactedConnect.putBytes(0, buffer, offset, redactedLength);
        redactedConnect.putShort(credentialsLengthIndex - offset, (short)0, LE);
        if (0 != source.connectionId())
        {
            // a WebSocket's responses go back on its connection: egress finds it by this id
            redactedConnect.putInt(BODY + ConnectDecoder.responseStreamIdEncodingOffset(), source.connectionId(), LE);
        }
        publishOrCount(publisher.publishClientMessage(ConnectDecoder.TEMPLATE_ID, sessionId, Math.max(0, playerId),
            tokenHigh, tokenLow, 0, reason, now, redactedConnect, 0, redactedLength));
    }

    /**
     * A room the HTTP API asks for, into the ring as a CreateRoom with no session, its seed and join code bits
     * decided here like a client's.
     */
    private void publishRoomRequest(final RoomRequests.Request request)
    {
        final CreateRoomEncoder encoder = roomRequestEncoder.wrapAndApplyHeader(
            roomRequestBuffer, 0, roomRequestHeaderEncoder);
        try
        {
            encoder.correlationId(request.requestId()).sessionId(0)
                .privateRoom(request.privateRoom() ? BooleanType.TRUE : BooleanType.FALSE)
                .gameType(request.game()).options(request.options());
        }
        catch (final RuntimeException ex)
        {
            roomRequests.refuse(request, ErrorCode.INVALID_INPUT, "game name or options do not fit: " + ex.getMessage());
            return;
        }
        if (!publisher.publishRoomRequest(request.requestId(), request.playerId(), random.nextLong(), random.nextLong(),
            now, roomRequestBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()))
        {
            roomRequests.refuse(request, ErrorCode.SERVER_BUSY, "the ring is full");
        }
    }

    /**
     * Read the WebSocket endpoint's connections as sources beside the Aeron images; none without it.
     */
    public IngressAgent webSockets(final WebSocketIngress webSockets)
    {
        this.webSockets = webSockets;
        final LongFunction<IngressSource> aeronSources = this.sources;
        this.sources = id -> WebSocketIngress.isWebSocketSource(id) ? webSockets.source(id) : aeronSources.apply(id);
        return this;
    }

    /**
     * Serve as one engine of several behind a directory: take join tickets from other engines as credentials, send a
     * session asking for another engine's room there (REDIRECT through the ring, with that engine's endpoints from
     * {@code knownEngines}), and ask the directory agent, through {@code placements}, where each room a session
     * creates goes. Call before the agent starts.
     */
    public IngressAgent directory(
        final DirectoryContext directory,
        final java.util.function.Supplier<KnownEngines> knownEngines,
        final PlacementChannel placements)
    {
        this.directory = directory;
        this.engineId = directory.engineId();
        this.tickets = new JoinTickets(directory.ticketSecret());
        this.knownEngines = knownEngines;
        this.placements = placements;
        placements.answerHandler(this::onPlaced);
        return this;
    }

    /**
     * Serve as the gateway of HA rooms: put what the HA cluster says (from the gateway agent, through
     * {@code channels}) into the ring, where the logic applies it. Call before the agent starts.
     */
    public IngressAgent ha(final HaChannels channels)
    {
        this.haChannels = channels;
        return this;
    }

    /**
     * Take the rooms the HTTP API asks for into the ring (see {@link RoomRequests}); none without it.
     */
    public IngressAgent roomRequests(final RoomRequests roomRequests)
    {
        this.roomRequests = roomRequests;
        return this;
    }

    private ControlledMessageHandler.Action onHaMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (publisher.remainingCapacity() - settings.ringReserveSlots <= length / EngineEvent.PAYLOAD_CAPACITY + 1 ||
            !publisher.publishHaMessage(buffer, index, length, nanoClock.nanoTime()))
        {
            return ControlledMessageHandler.Action.ABORT;
        }
        counters.haMessagesToRing.incrementRelease();
        return ControlledMessageHandler.Action.CONTINUE;
    }

    private void onReconnect(final IngressSource source, final DirectBuffer buffer, final int offset, final int length)
    {
        reconnectDecoder.wrap(buffer, offset + BODY, validator.actingBlockLength(), validator.actingVersion());
        final int responseStreamId = reconnectDecoder.responseStreamId();
        if (!responseChannelAllowed(source, reconnectDecoder.responseChannel(), responseStreamId))
        {
            counters.badResponseChannels.incrementRelease();
            return;
        }

        // whether the token is right, and so whether the session moves to this source, is the logic's decision:
        // it reaches ingress as SESSION_BOUND before the client is answered
        final long replyId = newSessionId();
        DirectBuffer message = buffer;
        int messageOffset = offset;
        if (0 != source.connectionId())
        {
            inBandReconnect.putBytes(0, buffer, offset, length);
            inBandReconnect.putInt(BODY + ReconnectDecoder.responseStreamIdEncodingOffset(), source.connectionId(), LE);
            message = inBandReconnect;
            messageOffset = 0;
        }
        publishOrCount(publisher.publishClientMessage(ReconnectDecoder.TEMPLATE_ID, replyId, 0, random.nextLong(),
            random.nextLong(), 0, ErrorCode.OK, now, message, messageOffset, length, source.sourceId()));
    }

    private void bind(final IngressSession session, final IngressSource source)
    {
        session.sourceId = source.sourceId();
        sessionBySource.put(source.sourceId(), session.sessionId);
    }

    private void onSessionMessage(
        final MessageType type, final IngressSource source, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int body = offset + BODY;
        final long sessionId;
        final long correlationId;
        switch (type)
        {
            case JOIN_ROOM:
                sessionId = buffer.getLong(body + JoinRoomDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + JoinRoomDecoder.correlationIdEncodingOffset(), LE);
                break;
            case LEAVE_ROOM:
                sessionId = buffer.getLong(body + LeaveRoomDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + LeaveRoomDecoder.correlationIdEncodingOffset(), LE);
                break;
            case INPUT:
                sessionId = buffer.getLong(body + InputDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + InputDecoder.inputSequenceEncodingOffset(), LE);
                break;
            case TURN_ACTION:
                sessionId = buffer.getLong(body + TurnActionDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + TurnActionDecoder.correlationIdEncodingOffset(), LE);
                break;
            case GAME_MESSAGE:
                sessionId = buffer.getLong(body + GameMessageDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + GameMessageDecoder.correlationIdEncodingOffset(), LE);
                break;
            case CREATE_ROOM:
                sessionId = buffer.getLong(body + CreateRoomDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + CreateRoomDecoder.correlationIdEncodingOffset(), LE);
                break;
            case MATCH_ROOM:
                sessionId = buffer.getLong(body + MatchRoomDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + MatchRoomDecoder.correlationIdEncodingOffset(), LE);
                break;
            case JOIN_BY_CODE:
                sessionId = buffer.getLong(body + JoinByCodeDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + JoinByCodeDecoder.correlationIdEncodingOffset(), LE);
                break;
            case LIST_ROOMS:
                sessionId = buffer.getLong(body + ListRoomsDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + ListRoomsDecoder.correlationIdEncodingOffset(), LE);
                break;
            case WATCH_ROOM:
                sessionId = buffer.getLong(body + WatchRoomDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + WatchRoomDecoder.correlationIdEncodingOffset(), LE);
                break;
            case PING:
                sessionId = buffer.getLong(body + PingDecoder.sessionIdEncodingOffset(), LE);
                correlationId = buffer.getLong(body + PingDecoder.pingIdEncodingOffset(), LE);
                break;
            case DISCONNECT:
                sessionId = buffer.getLong(body + DisconnectDecoder.sessionIdEncodingOffset(), LE);
                correlationId = 0;
                break;
            default:
                return;
        }

        IngressSession session = sessions.get(sessionId);
        if (null == session || session.sourceId != source.sourceId())
        {
            // the logic may have just resumed it from here: what egress told us may not be drained yet (a few
            // commands only: this runs inside a poll whose budget left the ring a reserve of slots)
            commands.drain(this, NESTED_COMMAND_LIMIT);
            session = sessions.get(sessionId);
        }
        if (null == session)
        {
            counters.unknownSessions.incrementRelease();
            refuseFromSource(source, ErrorCode.UNKNOWN_SESSION, correlationId);
            return;
        }
        if (session.sourceId != source.sourceId())
        {
            counters.sessionMismatches.incrementRelease();
            refuseFromSource(source, ErrorCode.SESSION_MISMATCH, correlationId);
            return;
        }

        if (MessageType.DISCONNECT != type && !session.budget.tryTake(now, source.lastDrainedNs()))
        {
            counters.rateLimited.incrementRelease();
            refuse(session, ErrorCode.RATE_LIMITED, correlationId);
            return;
        }

        if (null != directory && routedElsewhere(type, session, correlationId, buffer, offset, length))
        {
            return;
        }
        publishSessionMessage(type, sessionId, buffer, offset, length);
    }

    private void publishSessionMessage(
        final MessageType type, final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        // a request that may make a room carries its seed; one that makes a private room, its join code's bits
        final boolean mayCreate =
            MessageType.JOIN_ROOM == type || MessageType.CREATE_ROOM == type || MessageType.MATCH_ROOM == type;
        publishOrCount(publisher.publishClientMessage(type.templateId(), sessionId, 0,
            MessageType.CREATE_ROOM == type ? random.nextLong() : 0, 0, mayCreate ? random.nextLong() : 0,
            ErrorCode.OK, now, buffer, offset, length));
    }

    /**
     * With a directory: a JoinRoom or WatchRoom for another engine's room is answered with that engine (REDIRECT),
     * ROOM_GONE when the directory marked it gone, NO_SUCH_ROOM when it never knew it, REDIRECT_LOOP for a session
     * that came here by a redirect; a CreateRoom waits for the directory to place it (see {@link #onPlaced}).
     *
     * @return true when the message is taken care of here.
     */
    private boolean routedElsewhere(
        final MessageType type,
        final IngressSession session,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int body = offset + BODY;
        final boolean joins = MessageType.JOIN_ROOM == type || MessageType.WATCH_ROOM == type;
        final long roomId = !joins ? 0 : buffer.getLong(body + (MessageType.JOIN_ROOM == type ?
            JoinRoomDecoder.roomIdEncodingOffset() : WatchRoomDecoder.roomIdEncodingOffset()), LE);
        if (session.ticketed && (joins || MessageType.CREATE_ROOM == type || MessageType.MATCH_ROOM == type ||
            MessageType.JOIN_BY_CODE == type))
        {
            // the first room request of a ticketed session must be the one its ticket was issued for
            session.ticketed = false;
            final boolean asIssued = 0 == session.ticketRoomId ? MessageType.CREATE_ROOM == type :
                joins && roomId == session.ticketRoomId;
            if (!asIssued)
            {
                counters.ticketsRefused.incrementRelease();
                refuse(session, ErrorCode.BAD_TICKET, correlationId);
                return true;
            }
            if (0 != roomId && RoomIds.engineOf(roomId) != engineId)
            {
                counters.redirectLoops.incrementRelease();
                refuse(session, ErrorCode.REDIRECT_LOOP, correlationId);
                return true;
            }
            return false; // made here, whatever the directory would say now: the ticket came from a placement
        }
        if (joins)
        {
            final int roomEngineId = RoomIds.engineOf(roomId);
            if (0 == roomId || roomEngineId == engineId)
            {
                return false;
            }
            final KnownEngines engines = knownEngines.get();
            final String endpoints = engines.isAlive(roomEngineId) ? engines.endpoints(roomEngineId) : null;
            if (null == endpoints)
            {
                counters.roomsGone.incrementRelease();
                publishOrCount(publisher.publishRejection(session.sessionId,
                    null == engines.endpoints(roomEngineId) ? ErrorCode.NO_SUCH_ROOM : ErrorCode.ROOM_GONE,
                    correlationId, now));
                return true;
            }
            publishOrCount(publisher.publishRedirect(session.sessionId, correlationId, roomId, roomEngineId,
                epochClock.time() + directory.ticketTtlMs(), endpoints, now));
            return true;
        }
        // a private room stays where it is created: it is joined by its code, and codes are per engine
        if (MessageType.CREATE_ROOM == type &&
            BooleanType.FALSE.value() == buffer.getByte(body + CreateRoomDecoder.privateRoomEncodingOffset()))
        {
            if (placements.request(session.sessionId, buffer, offset, length))
            {
                counters.placementsAsked.incrementRelease();
                return true;
            }
            counters.placementOverflows.incrementRelease();
        }
        return false;
    }

    /**
     * The directory agent's answer for a CreateRoom: make the room here (0, or an engine no longer alive), or send
     * the session to the engine chosen.
     */
    private void onPlaced(
        final long sessionId, final int placedEngineId, final DirectBuffer message, final int offset, final int length)
    {
        final IngressSession session = sessions.get(sessionId);
        if (null == session)
        {
            // it left while its room was being placed: nothing to tell anyone
            counters.unknownSessions.incrementRelease();
            return;
        }
        final KnownEngines engines = knownEngines.get();
        final String endpoints = 0 != placedEngineId && engines.isAlive(placedEngineId) ?
            engines.endpoints(placedEngineId) : null;
        if (null == endpoints)
        {
            counters.placementsLocal.incrementRelease();
            publishSessionMessage(MessageType.CREATE_ROOM, sessionId, message, offset, length);
            return;
        }
        final long correlationId = message.getLong(offset + BODY + CreateRoomDecoder.correlationIdEncodingOffset(), LE);
        publishOrCount(publisher.publishRedirect(sessionId, correlationId, 0, placedEngineId,
            epochClock.time() + directory.ticketTtlMs(), endpoints, now));
    }

    /**
     * A refusal of a message that came from {@code source}: told to the session bound to that source, if any.
     */
    private void refuseFromSource(final IngressSource source, final ErrorCode code, final long correlationId)
    {
        final long boundSessionId = sessionBySource.get(source.sourceId());
        final IngressSession session = 0 == boundSessionId ? null : sessions.get(boundSessionId);
        if (null != session)
        {
            refuse(session, code, correlationId);
            return;
        }

        countSourceViolation(source);
    }

    /**
     * A source past the abuse threshold (bad messages with no session to tell, failed authentications) is ignored
     * from then on, until its image goes.
     */
    private void countSourceViolation(final IngressSource source)
    {
        final long violations = violationsBySource.get(source.sourceId()) + 1;
        violationsBySource.put(source.sourceId(), violations);
        if (violations >= settings.abuseThreshold)
        {
            bannedSources.add(source.sourceId());
        }
    }

    private void refuse(final IngressSession session, final ErrorCode code, final long correlationId)
    {
        if (++session.violations >= settings.abuseThreshold)
        {
            counters.kicks.incrementRelease();
            if (0 != session.sourceId)
            {
                bannedSources.add(session.sourceId);
            }
            forget(session);
            publishOrCount(publisher.publishSessionKick(session.sessionId, code, now));
            return;
        }
        if (code != session.lastReplyCode || now - session.lastReplyNs >= settings.rejectionReplyIntervalNs)
        {
            session.lastReplyNs = now;
            session.lastReplyCode = code;
            publishOrCount(publisher.publishRejection(session.sessionId, code, correlationId, now));
        }
    }

    private long newSessionId()
    {
        long id;
        do
        {
            id = random.nextLong() & Long.MAX_VALUE;
        }
        while (0 == id || sessions.containsKey(id));
        return id;
    }

    /**
     * Responses go only where the request came from: an IPC channel for an IPC source, and for UDP an endpoint on
     * the source's own host (so a client cannot aim the engine's traffic at a third party); and never on a stream id
     * of the range reserved for room streams (a client reading its own stream would read a room's).
     */
    static boolean responseChannelAllowed(final IngressSource source, final String channel, final int streamId)
    {
        if (0 != source.connectionId() || ProtocolLimits.IN_BAND_RESPONSE_CHANNEL.equals(channel))
        {
            // a WebSocket's responses come back on it, and only a WebSocket's
            return 0 != source.connectionId() && ProtocolLimits.IN_BAND_RESPONSE_CHANNEL.equals(channel) &&
                0 == streamId;
        }
        if (ProtocolLimits.isRoomStreamId(streamId))
        {
            return false;
        }
        try
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            if (CommonContext.IPC_MEDIA.equals(uri.media()))
            {
                return source.isIpc();
            }
            if (!CommonContext.UDP_MEDIA.equals(uri.media()) || source.isIpc())
            {
                return false;
            }
            final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
            if (null == endpoint)
            {
                return false;
            }
            final String host = endpointHost(endpoint);
            return host.equals(source.address()) ||
                (IngressSource.isLoopback(host) && IngressSource.isLoopback(source.address()));
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    static String endpointHost(final String endpoint)
    {
        if (endpoint.startsWith("["))
        {
            final int end = endpoint.indexOf(']');
            return end > 0 ? endpoint.substring(1, end) : endpoint;
        }
        final int colon = endpoint.lastIndexOf(':');
        return colon > 0 ? endpoint.substring(0, colon) : endpoint;
    }

    /**
     * @return true when an ingress channel's endpoint is a loopback address.
     */
    public static boolean isLoopbackChannel(final String channel)
    {
        final String endpoint = ChannelUri.parse(channel).get(CommonContext.ENDPOINT_PARAM_NAME);
        return null != endpoint && IngressSource.isLoopback(endpointHost(endpoint));
    }

    public IngressAdapter adapter()
    {
        return adapter;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    public TickClock tickClock()
    {
        return tickClock;
    }
}
