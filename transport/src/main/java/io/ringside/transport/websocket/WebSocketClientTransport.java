package io.ringside.transport.websocket;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.ringside.codec.ProtocolLimits;
import io.ringside.transport.ClientTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A game client over the engine's WebSocket endpoint: one connection, each binary frame one protocol message both
 * ways, the room's stream in band. Connect and Reconnect name the in-band response channel
 * ({@value ProtocolLimits#IN_BAND_RESPONSE_CHANNEL}). The shared event loop ({@link WebSocketClientGroup}) queues
 * the frames that arrive for the client's thread, which reads them in {@link #poll} and lets each go; a full queue
 * pauses reading the socket (TCP's back pressure), in order, nothing is dropped. Sends are framed on the client's thread and written
 * by the event loop; a socket that cannot take more is {@link Publication#BACK_PRESSURED}. A connection that fails or
 * is lost is made again by itself after a delay that doubles up to a second (as an Aeron publication reconnects),
 * until {@link #close}; a lost connection is the session's stream lost, and the client resumes on the new one.
 */
public final class WebSocketClientTransport implements ClientTransport
{
    private static final long RETRY_DELAY_US = 100;
    private static final long FIRST_RECONNECT_DELAY_MS = 50;
    private static final long MAX_RECONNECT_DELAY_MS = 1000;

    private final WebSocketClientGroup group;
    private volatile URI endpoint;
    private final OneToOneConcurrentArrayQueue<WebSocketFrame> inbound;
    private final byte[] sendBytes = new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH];
    private final UnsafeBuffer received = new UnsafeBuffer(0, 0);
    private byte[] copied = new byte[4096];

    // written by the event loop, read by the client's thread
    private volatile Channel channel;
    private volatile boolean open;
    private volatile boolean connecting;
    private volatile int generation;
    private volatile boolean closed;

    // the event loop's
    private long reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;

    // the client's thread
    private int markedGeneration = -1;

    WebSocketClientTransport(final WebSocketClientGroup group, final URI endpoint, final int inboundFrames)
    {
        this.group = group;
        this.endpoint = endpoint;
        if (!"ws".equals(endpoint.getScheme()))
        {
            throw new IllegalArgumentException("ws:// only (wss needs TLS, which this client does not do): " + endpoint);
        }
        this.inbound = new OneToOneConcurrentArrayQueue<>(inboundFrames);
        group.eventLoop.execute(this::connectNow);
    }

    public String responseChannel()
    {
        return ProtocolLimits.IN_BAND_RESPONSE_CHANNEL;
    }

    public int responseStreamId()
    {
        return 0;
    }

    public boolean isConnected()
    {
        return open;
    }

    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final Channel current = channel;
        if (!open || null == current)
        {
            return closed ? Publication.CLOSED : Publication.NOT_CONNECTED;
        }
        if (!current.isWritable())
        {
            return Publication.BACK_PRESSURED;
        }
        if (length > sendBytes.length)
        {
            return Publication.MAX_POSITION_EXCEEDED;
        }
        buffer.getBytes(offset, sendBytes, 0, length);
        final ByteBuf bytes = current.alloc().buffer(length);
        bytes.writeBytes(sendBytes, 0, length);
        current.writeAndFlush(new BinaryWebSocketFrame(bytes), current.voidPromise());
        return length;
    }

    public int poll(final FragmentHandler handler, final int limit)
    {
        int read = 0;
        WebSocketFrame frame;
        while (read < limit && null != (frame = inbound.poll()))
        {
            try
            {
                final ByteBuf content = frame.content();
                final int length = content.readableBytes();
                if (content.hasArray())
                {
                    received.wrap(content.array(), content.arrayOffset() + content.readerIndex(), length);
                }
                else
                {
                    if (copied.length < length)
                    {
                        copied = new byte[Math.max(length, copied.length * 2)];
                    }
                    content.getBytes(content.readerIndex(), copied, 0, length);
                    received.wrap(copied, 0, length);
                }
                handler.onFragment(received, 0, length, null);
            }
            finally
            {
                frame.release();
            }
            read++;
        }
        return read;
    }

    public void markSessionStream(final Header header)
    {
        markedGeneration = generation;
    }

    public void clearSessionStream()
    {
        markedGeneration = -1;
    }

    public boolean isSessionStreamLost()
    {
        return -1 != markedGeneration && (!open || generation != markedGeneration);
    }

    public boolean roomStreamsInBand()
    {
        return true;
    }

    public Aeron aeron()
    {
        return null;
    }

    /**
     * Close the current connection but not the transport, as a lost network would: the client notices its stream
     * lost and resumes on a new connection (for tests and tools).
     */
    public void drop()
    {
        final Channel current = channel;
        if (null != current)
        {
            current.close();
        }
    }

    /**
     * Another engine: the connection is closed, and the next one made to its URL.
     */
    public boolean redirect(final String aeronEndpoint, final String webSocketUrl)
    {
        if (webSocketUrl.isEmpty())
        {
            return false;
        }
        final URI target;
        try
        {
            target = URI.create(webSocketUrl);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        if (!"ws".equals(target.getScheme()))
        {
            return false;
        }
        endpoint = target;
        // not connected from now on, before the old connection is closed on the event loop: nothing meant for the
        // other engine can go down the old one (the next handshake, to the other engine, opens it again)
        open = false;
        group.eventLoop.execute(() ->
        {
            reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
            final Channel current = channel;
            if (null != current)
            {
                current.close();
            }
        });
        return true;
    }

    /**
     * Close the connection for good; what it received and the client did not read is let go.
     */
    public void close()
    {
        closed = true;
        final Channel current = channel;
        if (null != current)
        {
            current.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        WebSocketFrame frame;
        while (null != (frame = inbound.poll()))
        {
            frame.release();
        }
    }

    /**
     * Event loop: connect again after a delay that doubles up to a second, as an Aeron publication reconnects by
     * itself; never once closed.
     */
    private void scheduleReconnect()
    {
        if (closed)
        {
            return;
        }
        final long delayMs = reconnectDelayMs;
        reconnectDelayMs = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
        group.eventLoop.schedule(this::connectNow, delayMs, TimeUnit.MILLISECONDS);
    }

    private void connectNow()
    {
        if (closed)
        {
            return;
        }
        connecting = true;
        final WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(endpoint)
            .version(WebSocketVersion.V13)
            .maxFramePayloadLength(ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH)
            .allowExtensions(false)
            .handleCloseFrames(true)
            .build();
        final int port = endpoint.getPort() > 0 ? endpoint.getPort() : "wss".equals(endpoint.getScheme()) ? 443 : 80;
        new Bootstrap()
            .group(group.eventLoop)
            .channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel socket)
                {
                    socket.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new WebSocketClientProtocolHandler(protocol))
                        .addLast(new FrameReader());
                }
            })
            .connect(endpoint.getHost(), port)
            .addListener(future ->
            {
                if (!future.isSuccess())
                {
                    connecting = false;
                    scheduleReconnect();
                }
            });
    }

    /**
     * The event loop's side of one connection: frames into the queue in order, the connection's state for the client.
     */
    private final class FrameReader extends ChannelInboundHandlerAdapter
    {
        private final ArrayDeque<WebSocketFrame> waiting = new ArrayDeque<>();

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE == event)
            {
                if (closed)
                {
                    ctx.close();
                    return;
                }
                channel = ctx.channel();
                generation++;
                open = true;
                connecting = false;
                reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
                if (closed)
                {
                    ctx.close(); // close() ran on the client's thread while this connection was being published
                    return;
                }
            }
            super.userEventTriggered(ctx, event);
        }

        public void channelRead(final ChannelHandlerContext ctx, final Object message)
        {
            if (!(message instanceof BinaryWebSocketFrame))
            {
                ReferenceCountUtil.release(message);
                return;
            }
            final WebSocketFrame frame = (WebSocketFrame)message;
            if (closed)
            {
                frame.release();
                return;
            }
            if (waiting.isEmpty() && inbound.offer(frame))
            {
                return;
            }
            // the client is behind: keep the order, stop reading the socket until it has caught up
            waiting.add(frame);
            if (1 == waiting.size())
            {
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> drainWaiting(ctx), RETRY_DELAY_US, TimeUnit.MICROSECONDS);
            }
        }

        private void drainWaiting(final ChannelHandlerContext ctx)
        {
            WebSocketFrame frame;
            while (null != (frame = waiting.peek()))
            {
                if (closed)
                {
                    waiting.poll().release();
                    continue;
                }
                // received before the connection closed, if it has: still the client's to read
                if (!inbound.offer(frame))
                {
                    ctx.executor().schedule(() -> drainWaiting(ctx), RETRY_DELAY_US, TimeUnit.MICROSECONDS);
                    return;
                }
                waiting.poll();
            }
            ctx.channel().config().setAutoRead(true);
        }

        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            if (ctx.channel() == channel)
            {
                open = false;
                channel = null;
            }
            connecting = false;
            scheduleReconnect();
            super.channelInactive(ctx);
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }
}
