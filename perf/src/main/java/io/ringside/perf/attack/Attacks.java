package io.ringside.perf.attack;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.perf.MetricsScrape;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import io.ringside.transport.websocket.WebSocketClientGroup;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.URI;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The attacks of an attack run, one after another over real Aeron and the real WebSocket endpoint against a running
 * engine, each from attackers of its own (every attacker is a {@link GameClient}: its own publication or WebSocket
 * connection, so its own source at the engine, and its own response stream; the WebSocket kinds that never reach a
 * session are {@link WebSocketAttacks}'). For each kind, the engine's own counters (read from its {@code /metrics}) must move by exactly
 * what was sent, and where the engine has a session or a response channel to answer on, the attacker must receive
 * the error code the protocol promises.
 */
final class Attacks implements AutoCloseable
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final String INVALID = "ringside_ingress_invalid_total{";
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long PLAYER_ID_BASE = 1_000_000;

    private final Aeron aeron;
    private final String ingressChannel;
    private final int ingressStreamId;
    private final int metricsPort;
    private final HmacTokenAuthenticator signer;
    private final HmacTokenAuthenticator wrongSigner =
        new HmacTokenAuthenticator("not-the-engine-secret-but-long-enough".getBytes(StandardCharsets.UTF_8));
    private final long[] honestSessions;
    private final int abuseThreshold;
    private final int stormConnects;
    private final long sessionTimeoutNs;
    private final List<AttackReport.Outcome> outcomes = new ArrayList<>();
    private final List<Attacker> live = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7101);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    /**
     * The attackers wait without spinning: on two cores a spinning attacker would measure itself, not the engine.
     */
    private final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 10_000, 1_000_000);
    private final InputEncoder input = new InputEncoder();
    private final URI webSocket;
    private final WebSocketClientGroup webSocketClients;
    private final WebSocketAttacks webSocketAttacks;
    private final int honestWebSockets;
    private int nextStreamId = 30_000;
    private long nextPlayerId = PLAYER_ID_BASE;

    /**
     * One attacking client and what it was told.
     */
    private final class Attacker implements GameClientListener
    {
        final GameClient client;
        final long[] errors = new long[256];
        final long[] results = new long[256];

        Attacker(final boolean overWebSocket)
        {
            client = overWebSocket ?
                new GameClient(webSocketClients.open(webSocket), this, SystemNanoClock.INSTANCE) :
                new GameClient(aeron, ingressChannel, ingressStreamId, "aeron:ipc", nextStreamId++, this);
        }

        public void onError(final ErrorDecoder error)
        {
            errors[error.code().value()]++;
        }

        public void onSessionResult(final SessionResultDecoder result)
        {
            results[result.result().value()]++;
        }
    }

    /**
     * @param webSocket           the engine's WebSocket endpoint, attacked beside its Aeron ingress.
     * @param webSocketCap        the WebSocket connections one address may hold.
     * @param handshakeTimeoutNs  the endpoint's upgrade timeout.
     * @param honestWebSockets    WebSocket connections the honest players hold (from the same address).
     */
    Attacks(
        final Aeron aeron, final String ingressChannel, final int ingressStreamId, final int metricsPort,
        final HmacTokenAuthenticator signer, final long[] honestSessions, final int abuseThreshold,
        final int stormConnects, final long sessionTimeoutNs, final URI webSocket, final int webSocketCap,
        final long handshakeTimeoutNs, final int honestWebSockets)
    {
        this.webSocket = webSocket;
        this.webSocketClients = new WebSocketClientGroup();
        this.webSocketAttacks = new WebSocketAttacks(this, webSocket, webSocketCap, handshakeTimeoutNs);
        this.honestWebSockets = honestWebSockets;
        this.aeron = aeron;
        this.ingressChannel = ingressChannel;
        this.ingressStreamId = ingressStreamId;
        this.metricsPort = metricsPort;
        this.signer = signer;
        this.honestSessions = honestSessions;
        this.abuseThreshold = abuseThreshold;
        this.stormConnects = stormConnects;
        this.sessionTimeoutNs = sessionTimeoutNs;
    }

    List<AttackReport.Outcome> outcomes()
    {
        return outcomes;
    }

    /**
     * Every attack, in order; each ends (by its counters or a deadline) before the next starts.
     *
     * @param window told the index of each kind as it starts (the honest players' round trips are kept per kind).
     */
    void runAll(final java.util.function.IntConsumer window)
    {
        final Runnable[] kinds = {
            this::garbageWithoutSession,
            () -> malformedInSession("garbage in a session", 100, ErrorCode.BAD_MESSAGE, INVALID, this::garbage),
            () -> malformedInSession("truncated messages", 100, ErrorCode.BAD_MESSAGE, INVALID, this::truncated),
            () -> malformedInSession("oversized messages (4 KiB)", 20, ErrorCode.BAD_MESSAGE,
                "ringside_ingress_oversized_total", () -> 4096),
            () -> malformedInSession("var field over its cap", 20, ErrorCode.BAD_MESSAGE,
                invalid("VAR_FIELD_OVER_CAP"), this::gameTypeOverCap),
            () -> malformedInSession("wrong schema id", 100, ErrorCode.BAD_MESSAGE, invalid("WRONG_SCHEMA_ID"),
                () -> patchedInput(4, 7102)),
            () -> malformedInSession("unsupported schema version", 100, ErrorCode.UNSUPPORTED_VERSION,
                invalid("UNSUPPORTED_VERSION"), () -> patchedInput(6, 0)),
            () -> malformedInSession("unknown template", 100, ErrorCode.BAD_MESSAGE, invalid("UNKNOWN_TEMPLATE"),
                () -> patchedInput(2, 77)),
            () -> malformedInSession("server template sent to the server", 50, ErrorCode.BAD_MESSAGE,
                invalid("WRONG_DIRECTION"), () -> patchedInput(2, SnapshotEncoder.TEMPLATE_ID)),
            () -> malformedInSession("spoofed session id (an honest player's)", 100, ErrorCode.SESSION_MISMATCH,
                "ringside_ingress_session_mismatches_total",
                () -> inputOf(honestSessions[random.nextInt(honestSessions.length)])),
            () -> malformedInSession("made-up session id", 100, ErrorCode.UNKNOWN_SESSION,
                "ringside_ingress_unknown_sessions_total", () -> inputOf(random.nextLong() & Long.MAX_VALUE)),
            this::forgedResumeTokens,
            this::replayedResumeTokens,
            () -> badAuthTokens("expired auth tokens", "ringside_ingress_auth_expired_total",
                id -> signer.token(PLAYER_ID_BASE + id, Instant.now().getEpochSecond() - 3600)),
            () -> badAuthTokens("forged auth tokens", "ringside_ingress_auth_failed_total", id -> 0 == (id & 1) ?
                wrongSigner.token(HonestPlayers.PLAYER_ID_BASE + id % honestSessions.length,
                    Instant.now().getEpochSecond() + 3600) :
                "v1." + id + ".9999999999.bm90LWEtc2lnbmF0dXJl"),
            this::inputFlood,
            this::connectStorm,
            this::silentSessions,
            this::silentPublications,
            () -> malformedInSession("WebSocket: garbage frames in a session", 100, ErrorCode.BAD_MESSAGE, INVALID,
                this::garbage, true),
            () -> malformedInSession("WebSocket: spoofed session id (an honest player's)", 100,
                ErrorCode.SESSION_MISMATCH, "ringside_ingress_session_mismatches_total",
                () -> inputOf(honestSessions[random.nextInt(honestSessions.length)]), true),
            webSocketAttacks::textFrames,
            webSocketAttacks::oversizedFrames,
            webSocketAttacks::halfOpenUpgrades,
            () -> webSocketAttacks.upgradeStorm(300, honestWebSockets),
        };
        for (int i = 0; i < kinds.length; i++)
        {
            window.accept(i);
            kinds[i].run();
        }
    }

    // ------------------------------------------------------------------ kinds

    private void garbageWithoutSession()
    {
        final int sent = 1000;
        final Attacker attacker = attacker();
        final MetricsScrape before = scrape();
        for (int i = 0; i < sent; i++)
        {
            final int length = garbage();
            offer(attacker, () -> attacker.client.sendRaw(buffer, 0, length));
        }
        final ToDoubleFunction<MetricsScrape> refused = m -> m.sum(INVALID) +
            m.value("ringside_ingress_oversized_total") + m.value("ringside_ingress_unknown_sessions_total") +
            m.value("ringside_ingress_banned_source_messages_total");
        final long counted = awaitDelta(before, refused, sent, () -> true);
        final long banned = (long)(scrape().value("ringside_ingress_banned_source_messages_total") -
            before.value("ringside_ingress_banned_source_messages_total"));
        outcomes.add(new AttackReport.Outcome("garbage from a source with no session", sent, "BAD_MESSAGE", -1,
            "ingress invalid + oversized + unknown + banned", counted,
            counted == sent && banned == sent - abuseThreshold,
            "source banned after " + abuseThreshold + ", " + banned + " ignored after that"));
        retire(attacker);
    }

    private void malformedInSession(
        final String kind, final int sent, final ErrorCode code, final String counter, final LongSupplier message)
    {
        malformedInSession(kind, sent, code, counter, message, false);
    }

    private void malformedInSession(
        final String kind, final int sent, final ErrorCode code, final String counter, final LongSupplier message,
        final boolean overWebSocket)
    {
        final Attacker attacker = session(overWebSocket);
        final MetricsScrape before = scrape();
        for (int i = 0; i < sent; i++)
        {
            final int length = (int)message.getAsLong();
            offer(attacker, () -> attacker.client.sendRaw(buffer, 0, length));
        }
        final ToDoubleFunction<MetricsScrape> metric = counter.endsWith("{") ? m -> m.sum(counter) :
            m -> m.value(counter);
        final long counted = awaitDelta(before, metric, sent, () -> attacker.errors[code.value()] > 0);
        outcomes.add(new AttackReport.Outcome(kind, sent, code.name(), attacker.errors[code.value()],
            counter.endsWith("{") ? "ringside_ingress_invalid_total" : counter, counted,
            counted == sent && attacker.errors[code.value()] > 0, "one Error per code per 100 ms"));
        retire(attacker);
    }

    private void forgedResumeTokens()
    {
        final List<Attacker> attackers = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            attackers.add(attacker());
        }
        final String counter = "ringside_rejects_total{code=\"UNKNOWN_SESSION\"}";
        final MetricsScrape before = scrape();
        for (int i = 0; i < honestSessions.length; i++)
        {
            final Attacker a = attackers.get(i % attackers.size());
            a.client.resume(honestSessions[i], random.nextLong(), random.nextLong(), 0);
            offer(a, a.client::reconnect);
        }
        final int sent = honestSessions.length;
        final long counted = awaitDelta(before, m -> m.value(counter), sent,
            () -> results(attackers, ErrorCode.UNKNOWN_SESSION) >= sent);
        final long replied = results(attackers, ErrorCode.UNKNOWN_SESSION);
        outcomes.add(new AttackReport.Outcome("forged resume tokens for honest sessions", sent, "UNKNOWN_SESSION",
            replied, counter, counted, replied == sent && counted == sent && 0 == results(attackers, ErrorCode.OK),
            "one Reconnect per honest session"));
        attackers.forEach(this::retire);
    }

    private void replayedResumeTokens()
    {
        final Attacker attacker = session();
        final long sessionId = attacker.client.sessionId();
        final long oldHigh = attacker.client.tokenHigh();
        final long oldLow = attacker.client.tokenLow();
        offer(attacker, attacker.client::reconnect);
        await("a legitimate resume", () -> attacker.results[ErrorCode.OK.value()] >= 2);
        final long newHigh = attacker.client.tokenHigh();
        final long newLow = attacker.client.tokenLow();

        final int sent = 20;
        final String counter = "ringside_rejects_total{code=\"UNKNOWN_SESSION\"}";
        final MetricsScrape before = scrape();
        for (int i = 0; i < sent; i++)
        {
            attacker.client.resume(sessionId, oldHigh, oldLow, 0);
            offer(attacker, attacker.client::reconnect);
        }
        final long counted = awaitDelta(before, m -> m.value(counter), sent,
            () -> attacker.results[ErrorCode.UNKNOWN_SESSION.value()] >= sent);
        final long replied = attacker.results[ErrorCode.UNKNOWN_SESSION.value()];
        outcomes.add(new AttackReport.Outcome("replayed resume token (already used)", sent, "UNKNOWN_SESSION",
            replied, counter, counted, replied == sent && counted == sent && oldHigh != newHigh && oldLow != newLow,
            "the token was rotated by the first resume"));
        attacker.client.resume(sessionId, newHigh, newLow, attacker.client.lastSequence());
        retire(attacker);
    }

    private void badAuthTokens(final String kind, final String counter, final java.util.function.LongFunction<String>
        token)
    {
        final List<Attacker> attackers = List.of(attacker(), attacker());
        final int sent = 100;
        final MetricsScrape before = scrape();
        for (int i = 0; i < sent; i++)
        {
            final Attacker a = attackers.get(i % attackers.size());
            final byte[] credentials = token.apply(i).getBytes(StandardCharsets.US_ASCII);
            offer(a, () -> a.client.connect("intruder", credentials));
        }
        final long counted = awaitDelta(before, m -> m.value(counter), sent,
            () -> results(attackers, ErrorCode.AUTH_FAILED) >= sent);
        final long replied = results(attackers, ErrorCode.AUTH_FAILED);
        outcomes.add(new AttackReport.Outcome(kind, sent, "AUTH_FAILED", replied, counter, counted,
            replied == sent && counted == sent && 0 == results(attackers, ErrorCode.OK),
            kind.startsWith("forged") ? "half signed with another secret for honest players' ids" : ""));
        attackers.forEach(this::retire);
    }

    private void inputFlood()
    {
        final Attacker attacker = session();
        offer(attacker, () -> attacker.client.joinRoom("arena", 0));
        await("the flooder seated", () -> attacker.client.entityId() > 0);
        final MetricsScrape before = scrape();
        long sent = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long nextScrape = 0;
        boolean kicked = false;
        while (!kicked && System.nanoTime() < deadline)
        {
            for (int i = 0; i < 500; i++)
            {
                if (attacker.client.sendInput(1, 1, true) > 0)
                {
                    sent++;
                }
            }
            attacker.client.poll(64);
            if (System.nanoTime() >= nextScrape)
            {
                kicked = attacker.errors[ErrorCode.RATE_LIMITED.value()] > 0 &&
                    scrape().value("ringside_ingress_kicks_total") > before.value("ringside_ingress_kicks_total");
                nextScrape = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            }
        }
        settle();
        final MetricsScrape after = scrape();
        final long limited = (long)(after.value("ringside_ingress_rate_limited_total") -
            before.value("ringside_ingress_rate_limited_total"));
        final long kicks = (long)(after.value("ringside_ingress_kicks_total") -
            before.value("ringside_ingress_kicks_total"));
        final long replied = attacker.errors[ErrorCode.RATE_LIMITED.value()];
        outcomes.add(new AttackReport.Outcome("input flood past the rate limit", sent, "RATE_LIMITED", replied,
            "ringside_ingress_rate_limited_total", limited, replied > 0 && limited >= abuseThreshold && kicks == 1,
            "kicked after " + abuseThreshold + " refusals (kicks +" + kicks + "), the rest ignored as a banned " +
            "source"));
        retire(attacker);
    }

    private void connectStorm()
    {
        final List<Attacker> attackers = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            attackers.add(attacker());
        }
        final String counter = "ringside_ingress_auth_failed_total";
        final long expiry = Instant.now().getEpochSecond() + 3600;
        final byte[][] tokens = new byte[stormConnects][];
        for (int i = 0; i < stormConnects; i++)
        {
            tokens[i] = wrongSigner.token(PLAYER_ID_BASE + 500_000 + i, expiry).getBytes(StandardCharsets.US_ASCII);
        }
        final MetricsScrape before = scrape();
        final long start = System.nanoTime();
        for (int i = 0; i < stormConnects; i++)
        {
            final Attacker a = attackers.get(i % attackers.size());
            final byte[] credentials = tokens[i];
            offer(a, () -> a.client.connect("storm", credentials));
        }
        final double sentSeconds = (System.nanoTime() - start) / 1e9;
        final long counted = awaitDelta(before, m -> m.value(counter), stormConnects,
            () -> results(attackers, ErrorCode.AUTH_FAILED) >= stormConnects);
        final double answeredSeconds = (System.nanoTime() - start) / 1e9 - SETTLE_NS / 1e9;
        final long replied = results(attackers, ErrorCode.AUTH_FAILED);
        final long discarded = (long)(scrape().value("ringside_reliable_messages_discarded_total") -
            before.value("ringside_reliable_messages_discarded_total"));
        outcomes.add(new AttackReport.Outcome("connect storm", stormConnects, "AUTH_FAILED", replied, counter, counted,
            replied == stormConnects && counted == stormConnects && 0 == results(attackers, ErrorCode.OK),
            String.format(java.util.Locale.ROOT, "%d connects from %d sources sent in %.2f s; %d answered, the " +
                "last after %.2f s; %d answers discarded undelivered", stormConnects, attackers.size(), sentSeconds,
                replied, answeredSeconds, discarded)));
        attackers.forEach(this::retire);
    }

    private void silentSessions()
    {
        final List<Attacker> attackers = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            attackers.add(attacker());
        }
        final int sent = 100;
        final long expiry = Instant.now().getEpochSecond() + 3600;
        final String counter = "ringside_sessions_timed_out_total";
        final MetricsScrape before = scrape();
        for (int i = 0; i < sent; i++)
        {
            final Attacker a = attackers.get(i % attackers.size());
            final byte[] credentials = signer.token(nextPlayerId++, expiry).getBytes(StandardCharsets.US_ASCII);
            offer(a, () -> a.client.connect("mute", credentials));
        }
        await("the silent sessions open", () -> results(attackers, ErrorCode.OK) >= sent);
        final long counted = awaitDelta(before, m -> m.value(counter), sent,
            () -> errors(attackers, ErrorCode.TIMED_OUT) >= sent);
        final long replied = errors(attackers, ErrorCode.TIMED_OUT);
        outcomes.add(new AttackReport.Outcome("connect and never speak", sent, "TIMED_OUT", replied, counter, counted,
            replied == sent && counted == sent, "valid tokens; timed out after " +
            TimeUnit.NANOSECONDS.toSeconds(sessionTimeoutNs) + " s of silence"));
        attackers.forEach(this::retire);
    }

    private void silentPublications()
    {
        final int sent = 100;
        final List<Publication> publications = new ArrayList<>();
        final String counter = "ringside_ingress_images_lost_total";
        awaitDelta(scrape(), m -> m.value("ringside_ingress_images"), 0,
            () -> scrape().value("ringside_ingress_images") == honestSessions.length);
        final MetricsScrape before = scrape();
        final io.aeron.ChannelUri uri = io.aeron.ChannelUri.parse(ingressChannel);
        uri.put(io.aeron.CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(GameClient.INGRESS_TERM_LENGTH));
        for (int i = 0; i < sent; i++)
        {
            publications.add(aeron.addExclusivePublication(uri.toString(), ingressStreamId));
        }
        await("silent publications connected", () -> publications.stream().allMatch(Publication::isConnected));
        final long connected = awaitDelta(before, m -> m.value("ringside_ingress_images"), sent, () -> true);
        final MetricsScrape whileConnected = scrape();
        publications.forEach(CloseHelper::quietClose);
        final double imagesBefore = before.value("ringside_ingress_images");
        final long counted = awaitDelta(whileConnected, m -> m.value(counter), sent,
            () -> scrape().value("ringside_ingress_images") <= imagesBefore);
        final MetricsScrape after = scrape();
        final long sources = (long)(after.value("ringside_ingress_sources_lost_total") -
            whileConnected.value("ringside_ingress_sources_lost_total"));
        outcomes.add(new AttackReport.Outcome("publications that connect and never speak", sent, "-", -1, counter,
            counted, connected == sent && counted == sent && 0 == sources &&
            after.value("ringside_ingress_images") == imagesBefore,
            "images +" + connected + " while connected, back to " + (long)imagesBefore + " after; no session or " +
            "source was made for them"));
    }

    // ------------------------------------------------------------------ messages

    private int garbage()
    {
        final int length = 1 + random.nextInt(600);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)random.nextInt(256));
        }
        return length;
    }

    private long truncated()
    {
        final int length = inputOf(1);
        return 1 + random.nextInt(length - 1);
    }

    private long gameTypeOverCap()
    {
        final int at = HEADER + JoinRoomEncoder.BLOCK_LENGTH;
        new JoinRoomEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(1).sessionId(1).roomId(0);
        final int over = 300;
        buffer.putShort(at, (short)over, LE);
        buffer.setMemory(at + 2, over, (byte)'a');
        return at + 2 + over;
    }

    /**
     * A well-formed Input with one 16-bit header field overwritten.
     */
    private long patchedInput(final int headerOffset, final int value)
    {
        final int length = inputOf(1);
        buffer.putShort(headerOffset, (short)value, LE);
        return length;
    }

    private int inputOf(final long sessionId)
    {
        input.wrapAndApplyHeader(buffer, 0, header)
            .sessionId(sessionId)
            .inputSequence(1)
            .clientTimestampNs(System.nanoTime())
            .lastServerSequence(0)
            .thrust(0.5f)
            .turn(0.0f)
            .fire(io.ringside.codec.sbe.BooleanType.FALSE);
        return HEADER + input.encodedLength();
    }

    // ------------------------------------------------------------------ plumbing

    private Attacker attacker()
    {
        return attacker(false);
    }

    private Attacker attacker(final boolean overWebSocket)
    {
        final Attacker attacker = new Attacker(overWebSocket);
        live.add(attacker);
        await("an attacker's publication or connection", attacker.client::isConnected);
        return attacker;
    }

    /**
     * An attacker with a valid session of its own (a player who turned hostile).
     */
    private Attacker session()
    {
        return session(false);
    }

    private Attacker session(final boolean overWebSocket)
    {
        final Attacker attacker = attacker(overWebSocket);
        final byte[] credentials = signer.token(nextPlayerId++, Instant.now().getEpochSecond() + 3600)
            .getBytes(StandardCharsets.US_ASCII);
        offer(attacker, () -> attacker.client.connect("turncoat", credentials));
        await("an attacker's session", () -> null != attacker.client.sessionResult());
        if (ErrorCode.OK != attacker.client.sessionResult())
        {
            throw new IllegalStateException("an attacker with a valid token was refused: " +
                attacker.client.sessionResult());
        }
        return attacker;
    }

    private void retire(final Attacker attacker)
    {
        if (ErrorCode.OK == attacker.client.sessionResult())
        {
            attacker.client.disconnect();
        }
        live.remove(attacker);
        attacker.client.close();
    }

    private static long results(final List<Attacker> attackers, final ErrorCode code)
    {
        return attackers.stream().mapToLong(a -> a.results[code.value()]).sum();
    }

    private static long errors(final List<Attacker> attackers, final ErrorCode code)
    {
        return attackers.stream().mapToLong(a -> a.errors[code.value()]).sum();
    }

    /**
     * A kind made elsewhere ({@link WebSocketAttacks}) adds its outcome here.
     */
    void record(final AttackReport.Outcome outcome)
    {
        outcomes.add(outcome);
    }

    /**
     * Wait (polling the attackers) until the engine's metrics satisfy the condition, for at most 30 s.
     */
    void awaitMetric(final String what, final java.util.function.Predicate<MetricsScrape> condition)
    {
        await(what, () -> condition.test(scrape()));
    }

    MetricsScrape scrape()
    {
        return MetricsScrape.of(metricsPort);
    }

    private int pollAll()
    {
        int work = 0;
        for (int i = 0; i < live.size(); i++)
        {
            work += live.get(i).client.poll(256);
        }
        return work;
    }

    private void offer(final Attacker attacker, final LongSupplier send)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (send.getAsLong() < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("an attacker could not send within 10 s");
            }
            idle.idle(pollAll());
        }
    }

    private void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("attack run: timed out waiting for " + what);
            }
            idle.idle(pollAll());
        }
    }

    private void settle()
    {
        final long end = System.nanoTime() + SETTLE_NS;
        while (System.nanoTime() < end)
        {
            idle.idle(pollAll());
        }
    }

    /**
     * Wait (polling the attackers) until a metric has moved by {@code expected} and the answers are in, or for at
     * most the session timeout plus 20 s; then a little longer, so that what moves too far shows.
     *
     * @return how far it moved.
     */
    long awaitDelta(
        final MetricsScrape before, final ToDoubleFunction<MetricsScrape> metric, final long expected,
        final BooleanSupplier answered)
    {
        final double base = metric.applyAsDouble(before);
        final long deadline = System.nanoTime() + sessionTimeoutNs + TimeUnit.SECONDS.toNanos(20);
        long nextScrape = 0;
        while (System.nanoTime() < deadline)
        {
            final long now = System.nanoTime();
            if (now >= nextScrape)
            {
                if (metric.applyAsDouble(scrape()) - base >= expected && answered.getAsBoolean())
                {
                    break;
                }
                nextScrape = now + TimeUnit.MILLISECONDS.toNanos(100);
            }
            idle.idle(pollAll());
        }
        settle();
        return (long)(metric.applyAsDouble(scrape()) - base);
    }

    private static String invalid(final String reason)
    {
        return "ringside_ingress_invalid_total{reason=\"" + reason + "\"}";
    }

    public void close()
    {
        live.forEach(a -> CloseHelper.quietClose(a.client));
        live.clear();
        webSocketClients.close();
    }
}
