package io.ringside.perf;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.engine.EngineContext;
import io.ringside.engine.EnginePipeline;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.ring.EventPublisher;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Input events through the real ring: the benchmark thread is the single producer (copying each validated input
 * into a slot, as the ingress agent does), the logic thread applies them to a 1,000-player arena room, and egress
 * runs beside it; no journal stage. Each invocation publishes a batch and waits until every stage has processed it,
 * so the score is end-to-end events per second through the pipeline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RingThroughputBenchmark
{
    static final int BATCH = 100_000;
    static final int PLAYERS = 1000;
    private static final int INPUT_SEQUENCE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + InputDecoder.inputSequenceEncodingOffset();
    private static final int SESSION_ID_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + InputDecoder.sessionIdEncodingOffset();

    @Param({ "blocking-backoff", "sleeping", "yielding" })
    String waitStrategy;

    private EnginePipeline pipeline;
    private EventPublisher publisher;
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[128]);
    private int inputLength;
    private final long[] inputSequences = new long[PLAYERS];
    private int next;

    @Setup(Level.Trial)
    public void setup()
    {
        pipeline = new EnginePipeline(new EngineContext()
            .games(new GameRegistry().register(new ArenaGame(new ArenaSettings().maxPlayers(PLAYERS))))
            .egressTransport(new DiscardingTransport())
            .waitStrategy(EngineContext.waitStrategy(waitStrategy))
            .ringSize(64 * 1024)
            .sessionTimeoutNs(TimeUnit.HOURS.toNanos(1)))
            .start();
        publisher = pipeline.publisher();

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        for (int p = 0; p < PLAYERS; p++)
        {
            final long sessionId = 1 + p;
            final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, header);
            connect.correlationId(p).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(p)
                .responseChannel("aeron:ipc").playerName("p").putCredentials(new byte[0], 0, 0);
            publishBlocking(ConnectEncoder.TEMPLATE_ID, sessionId, p + 1, buffer,
                MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
            final JoinRoomEncoder join = new JoinRoomEncoder().wrapAndApplyHeader(buffer, 0, header);
            join.correlationId(p).sessionId(sessionId).roomId(0).gameType(ArenaSettings.NAME);
            publishBlocking(JoinRoomEncoder.TEMPLATE_ID, sessionId, 0, buffer,
                MessageHeaderEncoder.ENCODED_LENGTH + join.encodedLength());
        }

        final InputEncoder encoder = new InputEncoder().wrapAndApplyHeader(input, 0, header);
        encoder.sessionId(1).inputSequence(0).clientTimestampNs(0).lastServerSequence(0).thrust(0.5f).turn(0.1f)
            .fire(BooleanType.FALSE);
        inputLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        awaitDrained();
    }

    private void publishBlocking(
        final int templateId, final long sessionId, final long playerId, final UnsafeBuffer buffer, final int length)
    {
        while (!publisher.publishClientMessage(templateId, sessionId, playerId, sessionId, sessionId, 7, ErrorCode.OK,
            0, buffer, 0, length))
        {
            Thread.onSpinWait();
        }
    }

    private void awaitDrained()
    {
        if (!pipeline.awaitDrained(TimeUnit.SECONDS.toNanos(60)))
        {
            throw new IllegalStateException("pipeline did not drain");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long inputs = pipeline.logic().counters().inputs();
        pipeline.close();
        if (pipeline.faults() > 0 || inputs == 0)
        {
            throw new IllegalStateException("faults=" + pipeline.faults() + " inputs=" + inputs);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishAndProcess()
    {
        for (int i = 0; i < BATCH; i++)
        {
            final int p = next;
            next = p + 1 == PLAYERS ? 0 : p + 1;
            input.putLong(SESSION_ID_OFFSET, 1 + p);
            input.putLong(INPUT_SEQUENCE_OFFSET, ++inputSequences[p]);
            while (!publisher.publishClientMessage(InputEncoder.TEMPLATE_ID, 1 + p, 0, 0, 0, 0, ErrorCode.OK, 0,
                input, 0, inputLength))
            {
                Thread.onSpinWait();
            }
        }
        awaitDrained();
        return publisher.cursor();
    }

    /**
     * Takes and drops everything.
     */
    static final class DiscardingTransport implements EgressTransport
    {
        public void onSessionOpened(
            final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
        {
        }

        public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
        {
            return length;
        }

        public void onSessionClosed(final long sessionId)
        {
        }
    }
}
