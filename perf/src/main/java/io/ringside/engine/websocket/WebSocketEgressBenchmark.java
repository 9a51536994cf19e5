package io.ringside.engine.websocket;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the WebSocket endpoint costs an egress thread per message: {@link WebSocketConnection#offer} (a write into
 * the connection's buffer and, once per drain, a pre-allocated task handed to the endpoint's thread), with the
 * endpoint's real drain running on a Netty event loop of its own into a real channel (Netty's in-VM transport, the
 * RFC 6455 frame encoder, a peer that reads and drops everything), so back pressure and scheduling are the real
 * ones. The benchmark thread plays egress: {@code egressBytes} is what it allocated, measured by the JVM's own
 * per-thread allocation counter around each offer, and {@code messages} how many it offered; {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} adds the endpoint thread's frames (its own allocation, not the engine's hot path).
 * <pre>
 * java ... -jar perf/target/benchmarks.jar WebSocketEgressBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WebSocketEgressBenchmark
{
    /**
     * 56: a Pong; 640: an arena room snapshot's delta for a few dozen ships.
     */
    @Param({ "56", "640" })
    int messageBytes;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private EventLoopGroup endpoint;
    private EventLoopGroup peer;
    private Channel serverChannel;
    private Channel client;
    private WebSocketConnection connection;
    private UnsafeBuffer message;

    /**
     * Reported per iteration: the egress thread's allocation and the messages it offered.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class EgressAllocation
    {
        public long egressBytes;
        public long messages;

        @Setup(Level.Iteration)
        public void reset()
        {
            egressBytes = 0;
            messages = 0;
        }
    }

    @Setup
    public void setup() throws Exception
    {
        endpoint = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        peer = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        final LocalAddress address = new LocalAddress("ringside-ws-egress-benchmark");
        final CompletableFuture<Channel> accepted = new CompletableFuture<>();
        serverChannel = new ServerBootstrap()
            .group(endpoint)
            .channel(LocalServerChannel.class)
            .childHandler(new ChannelInitializer<LocalChannel>()
            {
                protected void initChannel(final LocalChannel channel)
                {
                    channel.pipeline().addLast(new WebSocket13FrameEncoder(false)).addLast(new ChannelInboundHandlerAdapter()
                    {
                        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
                        {
                            ctx.close(); // frames still queued when the peer closes at the end of the run
                        }
                    });
                    accepted.complete(channel);
                }
            })
            .bind(address).sync().channel();
        client = new Bootstrap()
            .group(peer)
            .channel(LocalChannel.class)
            .handler(new ChannelInboundHandlerAdapter()
            {
                public void channelRead(final ChannelHandlerContext ctx, final Object read)
                {
                    ReferenceCountUtil.release(read);
                }
            })
            .connect(address).sync().channel();
        final Channel serverSide = accepted.get(10, TimeUnit.SECONDS);

        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final AtomicCounter framesSent = counters.newCounter("ws frames sent");
        connection = new WebSocketConnection(1, serverSide, "benchmark", 256 * 1024, framesSent);
        message = new UnsafeBuffer(new byte[messageBytes]);
        for (int i = 0; i < messageBytes; i++)
        {
            message.putByte(i, (byte)i);
        }
    }

    @TearDown
    public void tearDown()
    {
        client.close().syncUninterruptibly();
        serverChannel.close().syncUninterruptibly();
        peer.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        endpoint.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * One message offered by "egress", retried while the connection's buffer is full (the endpoint is draining).
     */
    @Benchmark
    public long offer(final EgressAllocation allocation)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        long result;
        while ((result = connection.offer(message, 0, messageBytes)) < 0)
        {
            Thread.onSpinWait();
        }
        allocation.egressBytes += threads.getCurrentThreadAllocatedBytes() - before;
        allocation.messages++;
        return result;
    }
}
