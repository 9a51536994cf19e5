package io.ringside.transport.websocket;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loop that WebSocket game clients share: one thread moves the bytes of many connections (as one
 * Aeron client serves many game clients). Make one per process, {@link #open} a transport per client, close it last.
 */
public final class WebSocketClientGroup implements AutoCloseable
{
    /**
     * The engine's messages a connection holds until its client polls (back pressure beyond them).
     */
    public static final int DEFAULT_INBOUND_FRAMES = 1024;

    final EventLoopGroup eventLoop;

    public WebSocketClientGroup()
    {
        eventLoop = new MultiThreadIoEventLoopGroup(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "ringside-ws-client");
            thread.setDaemon(true);
            return thread;
        }, NioIoHandler.newFactory());
    }

    /**
     * A transport to the engine's WebSocket endpoint, connecting now (asynchronously: {@code isConnected()} says when).
     *
     * @param endpoint e.g. {@code ws://localhost:8080/ws}.
     */
    public WebSocketClientTransport open(final URI endpoint)
    {
        return new WebSocketClientTransport(this, endpoint, DEFAULT_INBOUND_FRAMES);
    }

    public void close()
    {
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
