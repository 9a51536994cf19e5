package io.ringside.engine.transport;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventPublisher;
import io.ringside.engine.ring.EventType;
import io.ringside.engine.ring.ProducerCommandQueue;
import io.ringside.engine.ring.TickClock;
import io.ringside.engine.support.ClientMessages;
import io.ringside.transport.IngressSource;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress agent driven directly, as Aeron's SenderTest drives the Sender: {@code doWork()} at times set by the
 * test and messages handed to it as its adapter would, no media driver. What it publishes is read back from a real
 * ring.
 */
class IngressAgentTest
{
    private static final long MS = 1_000_000L;

    private final RingBuffer<EngineEvent> ring =
        RingBuffer.createSingleProducer(EngineEvent::new, 1024, new BlockingWaitStrategy());
    private final Sequence consumed = new Sequence();
    private final CachedNanoClock clock = new CachedNanoClock();
    private final ProducerCommandQueue commands = new ProducerCommandQueue(64 * 1024);
    private final ClientMessages messages = new ClientMessages();
    private final IngressSource source = new IngressSource(1, "127.0.0.1:50000", false);
    private final IngressSource other = new IngressSource(2, "127.0.0.1:50001", false);
    private IngressAgent agent;
    private TickClock tickClock;

    private IngressAgent agent(final IngressContext settings)
    {
        ring.addGatingSequences(consumed);
        tickClock = new TickClock(60, 3);
        agent = new IngressAgent(null, new EventPublisher(ring), tickClock, commands, settings, true, 256,
            clock, new CachedEpochClock(), new SecureRandom(), EngineCounters.inMemory());
        agent.sources(id -> id == source.sourceId() ? source : id == other.sourceId() ? other : null);
        return agent;
    }

    private List<EngineEvent> published()
    {
        final List<EngineEvent> events = new ArrayList<>();
        for (long s = consumed.get() + 1; s <= ring.getCursor(); s++)
        {
            final EngineEvent copy = new EngineEvent();
            final EngineEvent e = ring.get(s);
            copy.type = e.type;
            copy.templateId = e.templateId;
            copy.sessionId = e.sessionId;
            copy.playerId = e.playerId;
            copy.reason = e.reason;
            copy.payloadLength = e.payloadLength;
            copy.payload.putBytes(0, e.payload, 0, e.payloadLength);
            events.add(copy);
        }
        consumed.set(ring.getCursor());
        return events;
    }

    private void deliver(final IngressSource from)
    {
        agent.onMessage(from, messages.buffer, 0, messages.length);
    }

    private long connect()
    {
        messages.connect(1, "aeron:udp?endpoint=localhost:50000", 7);
        deliver(source);
        final List<EngineEvent> events = published();
        assertEquals(1, events.size());
        return events.get(0).sessionId;
    }

    private static long ticks(final List<EngineEvent> events)
    {
        return events.stream().filter(e -> EventType.TICK == e.type).count();
    }

    /**
     * With nobody connected the agent parks until its next batch of ticks is due (three ticks at 60 Hz, so past the
     * next tick), never longer than asked and never shorter than 100 us; TickClockTest drives the batches themselves.
     */
    @Test
    void withNobodyConnectedItParksUntilTheNextBatchOfTicksIsDue()
    {
        agent(new IngressContext());
        clock.update(0);
        agent.onStart();
        agent.doWork();
        published();

        final long parkNs = agent.quietParkNs(50 * MS);
        assertEquals(tickClock.nanosToNextBatch(clock.nanoTime()), parkNs, "until the batch is due");
        assertTrue(parkNs > tickClock.nanosToNextTick(clock.nanoTime()), "which is later than the next tick");
        assertEquals(5 * MS, agent.quietParkNs(5 * MS), "never longer than asked");
        clock.update(10_000 * MS);
        assertEquals(100_000L, agent.quietParkNs(50 * MS), "overdue: the shortest park, not none");
    }

    /**
     * With clients connected it parks until the next tick (or sweep) at most the given time, and not at all while a
     * command from egress waits.
     */
    @Test
    void withClientsConnectedItParksUntilTheNextTickButNotWhileACommandWaits()
    {
        agent(new IngressContext());
        clock.update(0);
        agent.onStart();
        agent.doWork();
        published();

        assertEquals(MS, agent.activeParkNs(MS), "the next tick is further than the most it may park");
        clock.update(16 * MS);
        final long parkNs = agent.activeParkNs(MS);
        assertTrue(parkNs < MS, "the next tick is due sooner: " + parkNs);
        clock.update(16 * MS + parkNs);
        agent.doWork();
        assertTrue(ticks(published()) > 0, "and is due when the park ends");

        assertTrue(commands.offerSessionForgotten(42));
        assertEquals(0, agent.activeParkNs(MS), "a command from egress waits: no park");
        agent.doWork();
        assertTrue(agent.activeParkNs(MS) > 0, "drained, it parks again");
    }

    @Test
    void recoveryIsPutRightThroughTheRingBeforeTheFirstTick()
    {
        agent(new IngressContext()).recovered(ServerState.SHUTTING_DOWN, new long[]{ 11, 12 });
        clock.update(0);
        agent.onStart();
        clock.update(100 * MS);
        agent.doWork();
        agent.doWork();

        final List<EngineEvent> events = published();
        assertEquals(EventType.SERVER_STATE, events.get(0).type);
        assertEquals(ServerState.RUNNING.value(), events.get(0).reason);
        assertEquals(EventType.SESSION_LOST, events.get(1).type);
        assertEquals(11, events.get(1).sessionId);
        assertEquals(12, events.get(2).sessionId);
        assertTrue(events.size() > 3 && events.subList(3, events.size()).stream()
            .allMatch(e -> EventType.TICK == e.type), "then the ticks: " + events.size());
    }

    @Test
    void aConnectEntersTheRingWithoutItsCredentials()
    {
        agent(new IngressContext());
        clock.update(0);
        final byte[] secret = "v1.7.999.secret-signature".getBytes(StandardCharsets.US_ASCII);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ConnectEncoder()
            .wrapAndApplyHeader(messages.buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(7)
            .responseChannel("aeron:udp?endpoint=localhost:50000").playerName("erin")
            .putCredentials(secret, 0, secret.length).encodedLength();
        agent.onMessage(source, messages.buffer, 0, length);

        final EngineEvent event = published().get(0);
        assertEquals(ConnectDecoder.TEMPLATE_ID, event.templateId);
        assertNotEquals(0, event.sessionId);
        assertTrue(event.playerId > 0, "the player was decided here");
        assertEquals(length - secret.length, event.payloadLength);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(event.payload, 0);
        final ConnectDecoder connect = new ConnectDecoder().wrap(event.payload, MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
        connect.skipResponseChannel();
        assertEquals("erin", connect.playerName());
        assertEquals(0, connect.credentialsLength());
    }

    @Test
    void aSessionSpeaksOnlyFromItsSourceUntilTheLogicMovesIt()
    {
        agent(new IngressContext());
        clock.update(0);
        final long session = connect();

        messages.ping(session, 1, 0);
        deliver(other);
        assertTrue(published().isEmpty(), "nothing of it enters the ring; the victim is not told, the sender has no " +
            "session to be told through");
        assertEquals(1, agent.counters().sessionMismatches());

        deliver(source);
        assertEquals(EventType.CLIENT_MESSAGE, published().get(0).type, "from its own source it is taken");

        // the logic resumed the session from the other source (egress says so on the back channel): it moves
        assertTrue(commands.offerSessionBound(session, other.sourceId()));
        deliver(other);
        assertEquals(1, agent.counters().sessionMismatches(), "the binding is drained before a mismatch is called");
    }

    @Test
    void aBurstPastTheRateIsRefusedAndRepeatedRefusalsKickTheSessionAndBanItsSource()
    {
        agent(new IngressContext().inputRate(10, 5).abuseThreshold(3).rejectionReplyIntervalNs(0));
        clock.update(0);
        final long session = connect();

        for (int i = 1; i <= 5; i++)
        {
            messages.input(session, i, 0, 0.5f, 0, false);
            deliver(source);
        }
        assertEquals(5, published().stream().filter(e -> EventType.CLIENT_MESSAGE == e.type).count(), "the burst");

        messages.input(session, 6, 0, 0.5f, 0, false);
        deliver(source);
        List<EngineEvent> events = published();
        assertEquals(EventType.REJECTION, events.get(0).type);
        assertEquals(ErrorCode.RATE_LIMITED.value(), events.get(0).reason);

        clock.update(100 * MS);
        agent.doWork();
        published();
        messages.input(session, 7, 0, 0.5f, 0, false);
        deliver(source);
        assertEquals(EventType.CLIENT_MESSAGE, published().get(0).type, "the rate refilled one in 100 ms");

        messages.input(session, 8, 0, 0.5f, 0, false);
        deliver(source);
        deliver(source);
        events = published();
        assertEquals(EventType.REJECTION, events.get(0).type);
        assertEquals(EventType.SESSION_KICK, events.get(1).type, "the third refusal kicks");
        assertEquals(session, events.get(1).sessionId);
        assertEquals(1, agent.counters().kicks());

        deliver(source);
        assertTrue(published().isEmpty(), "its source is ignored from then on");
        assertEquals(1, agent.counters().bannedSourceMessages());
    }

    @Test
    void aKickedSessionGivesBackItsPlaceInItsAddressesSessionCount()
    {
        agent(new IngressContext().maxSessionsPerAddress(1).abuseThreshold(1).rejectionReplyIntervalNs(0));
        clock.update(0);
        final long session = connect();
        messages.ping(session + 1, 1, 0);
        deliver(source);
        assertEquals(EventType.SESSION_KICK, published().get(0).type, "one refusal kicks at this threshold");

        messages.connect(2, "aeron:udp?endpoint=localhost:50001", 8);
        deliver(other);
        final EngineEvent again = published().get(0);
        assertEquals(ErrorCode.OK.value(), again.reason, "the address has a free place again");
    }
}
