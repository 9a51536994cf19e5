package io.ringside.perf;

import com.lmax.disruptor.RingBuffer;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.PongEncoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventPublisher;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The wire protocol's cost per message type: encode (wrap, header, every field), decode (the validating entry point,
 * then every field read); {@link Ingress}: the ingress step for client messages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    @Param({ "Connect", "Input", "Ping", "Pong", "Snapshot32" })
    String message;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectEncoder connectEncoder = new ConnectEncoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final InputEncoder inputEncoder = new InputEncoder();
    private final InputDecoder inputDecoder = new InputDecoder();
    private final PingEncoder pingEncoder = new PingEncoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final PongEncoder pongEncoder = new PongEncoder();
    private final PongDecoder pongDecoder = new PongDecoder();
    private final SnapshotEncoder snapshotEncoder = new SnapshotEncoder();
    private final SnapshotDecoder snapshotDecoder = new SnapshotDecoder();
    private final UnsafeBuffer channel = new UnsafeBuffer("aeron:udp?endpoint=localhost:41000".getBytes(
        StandardCharsets.US_ASCII));
    private final UnsafeBuffer name = new UnsafeBuffer("player-one".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer credentials = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);
    private MessageValidator validator;
    private int length;
    private long counter;

    @Setup(Level.Trial)
    public void setup()
    {
        validator = message.startsWith("Snapshot") || message.equals("Pong") ? MessageValidator.forClient() :
            MessageValidator.forServer();
        length = encode();
    }

    @Benchmark
    public int encode()
    {
        final long n = ++counter;
        switch (message)
        {
            case "Connect":
                connectEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).correlationId(n)
                    .protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(7)
                    .putResponseChannel(channel, 0, channel.capacity()).putPlayerName(name, 0, name.capacity())
                    .putCredentials(credentials, 0, credentials.capacity());
                return MessageHeaderEncoder.ENCODED_LENGTH + connectEncoder.encodedLength();
            case "Input":
                inputEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sessionId(42).inputSequence(n)
                    .clientTimestampNs(n).lastServerSequence(n).thrust(0.5f).turn(-0.25f).fire(BooleanType.TRUE);
                return MessageHeaderEncoder.ENCODED_LENGTH + inputEncoder.encodedLength();
            case "Ping":
                pingEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sessionId(42).pingId(n).clientTimestampNs(n);
                return MessageHeaderEncoder.ENCODED_LENGTH + pingEncoder.encodedLength();
            case "Pong":
                pongEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sequence(n).pingId(n).clientTimestampNs(n)
                    .serverReceiveTimeNs(n).serverSendTimeNs(n);
                return MessageHeaderEncoder.ENCODED_LENGTH + pongEncoder.encodedLength();
            default:
                snapshotEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sequence(n).tick(n).serverTimeNs(n)
                    .roomId(1).lastInputSequence(n).lastInputClientTimestampNs(n).snapshotType(SnapshotType.FULL)
                    .baselineSequence(0).skippedCount(0);
                final SnapshotEncoder.EntitiesEncoder entities = snapshotEncoder.entitiesCount(32);
                for (int i = 0; i < 32; i++)
                {
                    entities.next().entityId(i + 1).kind(EntityKind.SHIP).x(i * 10f).y(i * 5f).rotation(0.5f)
                        .vx(1f).vy(-1f).health((short)100).score(i).state(1).ownerId(0);
                }
                snapshotEncoder.removedEntitiesCount(0);
                return MessageHeaderEncoder.ENCODED_LENGTH + snapshotEncoder.encodedLength();
        }
    }

    @Benchmark
    public long decode()
    {
        if (Rejection.NONE != validator.validate(buffer, 0, length))
        {
            throw new IllegalStateException("invalid " + message);
        }
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = validator.actingBlockLength();
        final int version = validator.actingVersion();
        switch (message)
        {
            case "Connect":
                connectDecoder.wrap(buffer, body, blockLength, version);
                long sum = connectDecoder.correlationId() + connectDecoder.protocolVersion() +
                    connectDecoder.responseStreamId();
                connectDecoder.wrapResponseChannel(varData);
                sum += varData.capacity();
                connectDecoder.wrapPlayerName(varData);
                sum += varData.capacity();
                connectDecoder.wrapCredentials(varData);
                return sum + varData.capacity();
            case "Input":
                inputDecoder.wrap(buffer, body, blockLength, version);
                return inputDecoder.sessionId() + inputDecoder.inputSequence() + inputDecoder.clientTimestampNs() +
                    inputDecoder.lastServerSequence() + (long)(inputDecoder.thrust() * 100) +
                    (long)(inputDecoder.turn() * 100) + inputDecoder.fireRaw();
            case "Ping":
                pingDecoder.wrap(buffer, body, blockLength, version);
                return pingDecoder.sessionId() + pingDecoder.pingId() + pingDecoder.clientTimestampNs();
            case "Pong":
                pongDecoder.wrap(buffer, body, blockLength, version);
                return pongDecoder.sequence() + pongDecoder.pingId() + pongDecoder.clientTimestampNs() +
                    pongDecoder.serverReceiveTimeNs() + pongDecoder.serverSendTimeNs();
            default:
                snapshotDecoder.wrap(buffer, body, blockLength, version);
                long total = snapshotDecoder.sequence() + snapshotDecoder.tick() + snapshotDecoder.roomId();
                for (final SnapshotDecoder.EntitiesDecoder e : snapshotDecoder.entities())
                {
                    total += e.entityId() + (long)e.x() + (long)e.y() + e.health() + e.score();
                }
                for (final SnapshotDecoder.RemovedEntitiesDecoder r : snapshotDecoder.removedEntities())
                {
                    total += r.entityId();
                }
                return total;
        }
    }

    /**
     * The ingress agent's step for one client message: validate, copy into a ring slot, publish. Client messages
     * only; a ring with no consumer gating it, so only the producer's side is measured.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public static class Ingress
    {
        @Param({ "Connect", "Input", "Ping" })
        String message;

        private final CodecBenchmark codec = new CodecBenchmark();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private EventPublisher publisher;
        private long counter;

        @Setup(Level.Trial)
        public void setup()
        {
            codec.message = message;
            codec.setup();
            publisher = new EventPublisher(RingBuffer.createSingleProducer(EngineEvent::new, 1024));
        }

        @Benchmark
        public boolean validateAndPublish()
        {
            if (Rejection.NONE != codec.validator.validate(codec.buffer, 0, codec.length))
            {
                throw new IllegalStateException("invalid " + message);
            }
            return publisher.publishClientMessage(header.wrap(codec.buffer, 0).templateId(), 42, 7, 1, 2, 3,
                ErrorCode.OK, counter++, codec.buffer, 0, codec.length);
        }
    }
}
