package io.ringside.engine.transport;

import io.aeron.Aeron;
import io.ringside.engine.Engine;
import io.ringside.engine.EngineContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.TransportContext;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real engine on an embedded media driver, and clients on their own Aeron client connected to the same driver,
 * over UDP on loopback or over IPC.
 */
public final class NetworkFixture implements AutoCloseable
{
    final boolean ipc;
    public final Engine engine;
    private io.ringside.transport.websocket.WebSocketClientGroup webSocketClients;
    final Aeron clientAeron;
    final String ingressChannel;
    final int ingressStreamId = 1001;
    private final String responseChannel;
    private final int clientsPerResponsePort;
    private String currentResponseChannel;
    private int clientsOnCurrentPort;
    private final List<GameClient> clients = new ArrayList<>();
    private final java.util.Set<GameClient> paused = new java.util.HashSet<>();
    private int nextStreamId = 5000;

    public NetworkFixture(final boolean ipc, final EngineContext engineContext, final IngressContext settings)
    {
        this(ipc, engineContext, settings, Integer.MAX_VALUE);
    }

    /**
     * @param clientsPerResponsePort how many clients share one UDP response port (each on its own stream).
     */
    NetworkFixture(
        final boolean ipc, final EngineContext engineContext, final IngressContext settings,
        final int clientsPerResponsePort)
    {
        this(ipc, engineContext, settings, clientsPerResponsePort, null);
    }

    /**
     * @param driverThreading the engine's media driver threading (shared, invoker, dedicated), or null for the
     *                        profile's.
     */
    NetworkFixture(
        final boolean ipc, final EngineContext engineContext, final IngressContext settings,
        final int clientsPerResponsePort, final String driverThreading)
    {
        this(ipc, engineContext, settings, clientsPerResponsePort, driverThreading, transport -> { });
    }

    /**
     * @param transportSettings changes to the engine's transport settings (term lengths) before it starts.
     */
    NetworkFixture(
        final boolean ipc, final EngineContext engineContext, final IngressContext settings,
        final int clientsPerResponsePort, final String driverThreading,
        final java.util.function.Consumer<TransportContext> transportSettings)
    {
        this.clientsPerResponsePort = clientsPerResponsePort;
        this.ipc = ipc;
        final int ingressPort = freePort();
        final TransportContext transportContext = new TransportContext()
            .ingressChannel("aeron:udp?endpoint=localhost:" + ingressPort)
            .ingressIpcChannel("aeron:ipc")
            .ingressStreamId(ingressStreamId)
            .driverThreading(driverThreading);
        transportSettings.accept(transportContext);
        engine = Engine.launch(engineContext, transportContext, settings);
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDirectoryName()));
        ingressChannel = ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:" + ingressPort;
        responseChannel = ipc ? "aeron:ipc" : "aeron:udp?endpoint=localhost:" + freePort();
    }

    static EngineContext engineContext()
    {
        return defaultGamesContext()
            .games(new io.ringside.engine.game.GameRegistry().register(new io.ringside.engine.game.arena.ArenaGame(
                new io.ringside.engine.game.arena.ArenaSettings().viewRadius(10_000))));
    }

    /**
     * @return an engine context with the default games (arena view radius 1000).
     */
    public static EngineContext defaultGamesContext()
    {
        return new EngineContext()
            .ringSize(16 * 1024)
            .outputLogCapacityBytes(16 * 1024 * 1024)
            .maxFrameEntities(8192)
            .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(30));
    }

    public GameClient client(final GameClientListener listener)
    {
        if (null == currentResponseChannel || clientsOnCurrentPort == clientsPerResponsePort)
        {
            currentResponseChannel = null == currentResponseChannel || ipc ? responseChannel :
                "aeron:udp?endpoint=localhost:" + freePort();
            clientsOnCurrentPort = 0;
        }
        clientsOnCurrentPort++;
        final GameClient client = new GameClient(
            clientAeron, ingressChannel, ingressStreamId, currentResponseChannel, nextStreamId++, listener);
        clients.add(client);
        return client;
    }

    /**
     * A client over the engine's WebSocket endpoint (the engine must have one), polled with the others.
     */
    public GameClient webSocketClient(final GameClientListener listener)
    {
        if (null == webSocketClients)
        {
            webSocketClients = new io.ringside.transport.websocket.WebSocketClientGroup();
        }
        final GameClient client = new GameClient(webSocketClients.open(java.net.URI.create("ws://127.0.0.1:" +
            engine.webSocketGateway().address().getPort() + "/ws")), listener, org.agrona.concurrent.SystemNanoClock.INSTANCE);
        clients.add(client);
        return client;
    }

    GameClient client()
    {
        return client(new GameClientListener()
        {
        });
    }

    /**
     * Poll every client until the condition holds.
     */
    public void pollUntil(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                engine.printErrors(System.out);
                System.out.println("ingress: messages=" + engine.ingress().counters().messages() + " published=" +
                    engine.ingress().counters().published() + " ticks=" + engine.ingress().counters().ticks() +
                    " badChannels=" + engine.ingress().counters().badResponseChannels() + " sources=" +
                    engine.ingressAdapter().sourceCount() + " publications=" + engine.publications().size() +
                    " opened=" + engine.publications().opened() + " failed=" + engine.publications().failed() +
                    " egress sent=" + engine.pipeline().egress().counters().reliableSent() + " snapshots=" +
                    engine.pipeline().egress().counters().snapshotsSent() + " skipped=" +
                    engine.pipeline().egress().counters().snapshotsSkipped() + " backPressured=" +
                    engine.pipeline().egress().counters().backPressured() + " notConnected=" +
                    engine.pipeline().egress().counters().notConnected() + " queued=" +
                    engine.pipeline().egress().counters().reliableQueued());
                fail("timed out waiting for: " + what);
            }
            if (0 == pollAll())
            {
                Thread.yield();
            }
        }
    }

    /**
     * Poll every client for a while.
     */
    void pollFor(final long millis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline)
        {
            if (0 == pollAll())
            {
                Thread.yield();
            }
        }
    }

    int pollAll()
    {
        int work = 0;
        for (final GameClient client : clients)
        {
            if (!paused.contains(client))
            {
                work += client.poll(64);
            }
        }
        return work;
    }

    /**
     * Stop (or resume) polling a client, as a frozen client process would.
     */
    void paused(final GameClient client, final boolean pause)
    {
        if (pause)
        {
            paused.add(client);
        }
        else
        {
            paused.remove(client);
        }
    }

    void forget(final GameClient client)
    {
        clients.remove(client);
        client.close();
    }

    /**
     * Connect a client (auth none) and seat it in an arena room.
     */
    GameClient seat(final GameClient client, final String name)
    {
        return seat(client, name, "arena");
    }

    /**
     * Connect a client (auth none), seated nowhere.
     */
    public GameClient connect(final GameClient client, final String name)
    {
        pollUntil("publication connected", 10_000, client::isConnected);
        send(() -> client.connect(name, new byte[0]));
        pollUntil("session result for " + name, 10_000, () -> null != client.sessionResult());
        org.junit.jupiter.api.Assertions.assertEquals(io.ringside.codec.sbe.ErrorCode.OK, client.sessionResult(), name);
        return client;
    }

    /**
     * Connect a client (auth none) and seat it in a room of the named game.
     */
    public GameClient seat(final GameClient client, final String name, final String gameType)
    {
        connect(client, name);
        send(() -> client.joinRoom(gameType, 0));
        pollUntil("room joined for " + name, 10_000, () -> client.entityId() > 0);
        return client;
    }

    /**
     * Offer until the publication takes it (clients connect asynchronously).
     */
    public static void send(final java.util.function.LongSupplier offer)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (offer.getAsLong() < 0)
        {
            if (System.nanoTime() > deadline)
            {
                fail("could not send within 10 s");
            }
            Thread.yield();
        }
    }

    static int freePort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public void close()
    {
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(webSocketClients);
        CloseHelper.quietClose(clientAeron);
        engine.close();
    }
}
