package io.ringside.perf;

import io.aeron.Aeron;
import io.aeron.ConcurrentPublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.PongEncoder;
import io.ringside.engine.Engine;
import io.ringside.engine.EngineContext;
import io.ringside.engine.transport.IngressContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.IdleStrategies;
import io.ringside.transport.PacedIdleStrategy;
import io.ringside.transport.TransportContext;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The physical limit of the transport against the engine, in one run: Aeron's own ping-pong (a message the size of
 * our Ping out, an echo thread with the ingress agent's idle strategy answering with a message the size of our Pong,
 * through an embedded media driver with the engine's threading mode and idle strategies) and the engine's Ping/Pong
 * through the whole pipeline (ingress agent, ring, logic handler, egress), over UDP loopback and over IPC. One ping
 * outstanding at a time, at a fixed rate; the pinger waits for the answer with the agents' idle strategy in both.
 */
public final class PingPongComparison
{
    static final int PING_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PingEncoder.BLOCK_LENGTH;
    static final int PONG_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PongEncoder.BLOCK_LENGTH;

    public record Result(String name, Histogram rttNs)
    {
    }

    private PingPongComparison()
    {
    }

    /**
     * The raw baseline's driver, laid out as the engine's embedded one in the default profile (same settings):
     * DEDICATED, the conductor paced to the engine's default period (without the engine's skip while client commands
     * wait, which two clients never need), sender and receiver backing off to 1 ms parks.
     */
    private static MediaDriver driver(final Path dir)
    {
        return MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.DEDICATED)
            .conductorIdleStrategy(new PacedIdleStrategy(TransportContext.DRIVER_CONDUCTOR_PERIOD_DEFAULT_NS,
                TransportContext.DRIVER_CONDUCTOR_REST_RATIO_DEFAULT, TransportContext.DRIVER_CONDUCTOR_MAX_REST_NS))
            .senderIdleStrategy(IdleStrategies.driver(false))
            .receiverIdleStrategy(IdleStrategies.driver(false))
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024));
    }

    /**
     * Aeron alone: ping out on one stream, echo back on another.
     */
    static Result raw(final boolean ipc, final int pings, final int rate, final int port) throws Exception
    {
        final Path dir = Files.createTempDirectory("ringside-raw-pingpong");
        final String out = ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:" + port;
        final String back = ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:" + (port + 1);
        try (MediaDriver driver = driver(dir.resolve("driver"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ConcurrentPublication pingPub = aeron.addPublication(out, 2001);
            Subscription pingSub = aeron.addSubscription(out, 2001);
            ConcurrentPublication pongPub = aeron.addPublication(back, 2002);
            Subscription pongSub = aeron.addSubscription(back, 2002))
        {
            final UnsafeBuffer pong = new UnsafeBuffer(new byte[PONG_LENGTH]);
            final FragmentHandler echo = (buffer, offset, length, header) ->
            {
                pong.putLong(0, buffer.getLong(offset));
                while (pongPub.offer(pong, 0, PONG_LENGTH) < 0)
                {
                    Thread.onSpinWait();
                }
            };
            final AgentRunner echoRunner = new AgentRunner(IdleStrategies.agent(false), Throwable::printStackTrace,
                null, new Agent()
                {
                    public int doWork()
                    {
                        return pingSub.poll(echo, 16);
                    }

                    public String roleName()
                    {
                        return "raw-echo";
                    }
                });
            AgentRunner.startOnThread(echoRunner);
            try
            {
                while (!pingPub.isConnected() || !pongPub.isConnected())
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                final UnsafeBuffer ping = new UnsafeBuffer(new byte[PING_LENGTH]);
                final long[] received = { 0 };
                final FragmentHandler onPong = (buffer, offset, length, header) -> received[0] = buffer.getLong(offset);
                return new Result((ipc ? "ipc" : "udp") + " raw aeron", run(pings, rate, id ->
                {
                    ping.putLong(0, id);
                    while (pingPub.offer(ping, 0, PING_LENGTH) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    idle.reset();
                    while (received[0] != id)
                    {
                        idle.idle(pongSub.poll(onPong, 1));
                        if (System.nanoTime() > deadline)
                        {
                            throw new IllegalStateException("no echo " + id + " within 5 s");
                        }
                    }
                }));
            }
            finally
            {
                echoRunner.close();
            }
        }
    }

    /**
     * The engine: its own embedded driver, the client on that driver, Ping to Pong through the whole pipeline.
     */
    static Result engine(final boolean ipc, final int pings, final int rate, final int port) throws Exception
    {
        final Path dir = Files.createTempDirectory("ringside-engine-pingpong");
        final TransportContext transport = new TransportContext()
            .embeddedDriverDirectoryName(dir.resolve("driver").toString())
            .ingressChannel("aeron:udp?endpoint=localhost:" + port)
            .ingressIpcChannel("aeron:ipc");
        // the ping rate is above the default per-session input rate limit, which is not what is measured here
        final IngressContext settings = new IngressContext().inputRate(rate * 4, rate);
        try (Engine engine = Engine.launch(new EngineContext(), transport, settings);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDirectoryName())))
        {
            final long[] received = { 0 };
            final GameClient client = new GameClient(aeron, ipc ? "aeron:ipc" : transport.ingressChannel(), 1001,
                ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:" + (port + 1), 3001, new GameClientListener()
                {
                    public void onPong(final PongDecoder pong, final long roundTripNs)
                    {
                        received[0] = pong.pingId();
                    }
                });
            try
            {
                while (!client.isConnected())
                {
                    client.poll(16);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                while (client.connect("pinger", new byte[0]) < 0)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                while (null == client.sessionResult())
                {
                    client.poll(16);
                }
                if (ErrorCode.OK != client.sessionResult())
                {
                    throw new IllegalStateException("connect refused: " + client.sessionResult());
                }
                return new Result((ipc ? "ipc" : "udp") + " engine", run(pings, rate, id ->
                {
                    while (client.ping(id) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    idle.reset();
                    while (received[0] != id)
                    {
                        idle.idle(client.poll(1));
                        if (System.nanoTime() > deadline)
                        {
                            throw new IllegalStateException("no pong " + id + " within 5 s; rate limited " +
                                client.errors(ErrorCode.RATE_LIMITED));
                        }
                    }
                }));
            }
            finally
            {
                CloseHelper.quietClose(client);
            }
        }
    }

    /**
     * The pinger waits like the engine's own agents do (default profile), so that on a small machine it does not
     * spin away a core the pipeline needs; the same for both sides of the comparison.
     */
    private static final IdleStrategy idle = IdleStrategies.agent(false);

    private interface RoundTrip
    {
        void pingAndAwait(long id) throws Exception;
    }

    /**
     * A warm-up of a fifth, then {@code pings} round trips at {@code rate} per second, each timed from when it was
     * due (so a slow answer delays the next and is charged for it).
     */
    private static Histogram run(final int pings, final int rate, final RoundTrip roundTrip) throws Exception
    {
        final Histogram histogram = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        final long intervalNs = 1_000_000_000L / rate;
        long id = 0;
        long dueNs = System.nanoTime();
        for (int i = -pings / 5; i < pings; i++)
        {
            dueNs += intervalNs;
            final long waitNs = dueNs - System.nanoTime();
            if (waitNs > 0)
            {
                LockSupport.parkNanos(waitNs);
            }
            roundTrip.pingAndAwait(++id);
            if (i >= 0)
            {
                histogram.recordValue(Math.max(1, System.nanoTime() - dueNs));
            }
        }
        return histogram;
    }
}
