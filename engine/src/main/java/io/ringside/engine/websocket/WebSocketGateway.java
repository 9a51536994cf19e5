package io.ringside.engine.websocket;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.ringside.codec.ProtocolLimits;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's WebSocket endpoint, on Netty with one event-loop thread of its own. A client upgrades at
 * {@value #PATH}; each binary frame carries exactly one message of the protocol, both ways. The endpoint only moves
 * bytes: what clients send goes, frame by frame and in order, into a buffer the ingress agent drains as one more kind
 * of source ({@link WebSocketIngress}), so the validator, authentication, rate limits, bans and session binding are
 * the same code as for Aeron; what egress sends comes back through each connection's buffer
 * ({@link WebSocketConnection}), and its fullness is egress's back pressure. Refused before ingress: an upgrade from
 * an Origin not allowed (403), one more connection than an address may hold (429), a request that is neither an
 * upgrade to the path nor a GET of one of the live arena page's files ({@link WebPages}) (404), a text frame, a fragmented message or a frame over the longest client message (the
 * connection, closed unread), an upgrade not finished within the handshake timeout (slowloris) and a connection
 * silent for the idle timeout. The endpoint thread writes the gateway's counters.
 */
public final class WebSocketGateway implements AutoCloseable
{
    public static final String PATH = "/ws";

    static final int OPENED = 1;
    static final int FRAME = 2;
    static final int CLOSED = 3;

    private static final AttributeKey<WebSocketConnection> CONNECTION = AttributeKey.valueOf("ringside.connection");
    private static final long RETRY_DELAY_US = 200;

    private final WebSocketContext context;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ManyToOneRingBuffer inbound;
    private final Map<Integer, WebSocketConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final WebSocketIngress ingress;

    // the endpoint thread's own
    private final Map<String, Integer> connectionsByAddress = new HashMap<>();
    private final byte[] frameBytes = new byte[ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH + Integer.BYTES];
    private final UnsafeBuffer record = new UnsafeBuffer(frameBytes);
    private int nextConnectionId;

    private final AtomicCounter connectionsOpen;
    private final AtomicCounter connectionsAccepted;
    private final AtomicCounter refusedOrigin;
    private final AtomicCounter refusedPerAddress;
    private final AtomicCounter refusedRequests;
    private final AtomicCounter framesReceived;
    private final AtomicCounter framesRefused;
    private final AtomicCounter inboundWaits;
    private final AtomicCounter framesSent;
    private final AtomicCounter slowOrIdleClosed;
    private final AtomicCounter pagesServed;
    private final WebPages pages = new WebPages(WebSocketGateway.class.getClassLoader());

    /**
     * Bind and start serving.
     *
     * @param counters where the endpoint thread counts what it does.
     */
    public WebSocketGateway(final WebSocketContext context, final EngineCounters counters) throws InterruptedException
    {
        this.context = context;
        connectionsOpen = counters.counter(CounterDescriptor.WS_CONNECTIONS);
        connectionsAccepted = counters.counter(CounterDescriptor.WS_CONNECTIONS_ACCEPTED);
        refusedOrigin = counters.counter(CounterDescriptor.WS_REFUSED_ORIGIN);
        refusedPerAddress = counters.counter(CounterDescriptor.WS_REFUSED_PER_ADDRESS);
        refusedRequests = counters.counter(CounterDescriptor.WS_REFUSED_REQUESTS);
        framesReceived = counters.counter(CounterDescriptor.WS_FRAMES_RECEIVED);
        framesRefused = counters.counter(CounterDescriptor.WS_FRAMES_REFUSED);
        inboundWaits = counters.counter(CounterDescriptor.WS_INBOUND_WAITS);
        framesSent = counters.counter(CounterDescriptor.WS_FRAMES_SENT);
        slowOrIdleClosed = counters.counter(CounterDescriptor.WS_CLOSED_SLOW_OR_IDLE);
        pagesServed = counters.counter(CounterDescriptor.WS_PAGES_SERVED);

        final AtomicBuffer inboundBuffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(context.inboundBufferBytes() + RingBufferDescriptor.TRAILER_LENGTH));
        inbound = new ManyToOneRingBuffer(inboundBuffer);
        ingress = new WebSocketIngress(inbound, openConnections);

        group = new MultiThreadIoEventLoopGroup(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "ringside-websocket");
            thread.setDaemon(true);
            return thread;
        }, NioIoHandler.newFactory());
        final WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(PATH)
            .maxFramePayloadLength(ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH)
            .allowExtensions(false)
            .checkStartsWith(false)
            .build();
        try
        {
            serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline()
                            .addLast(new IdleStateHandler(
                                context.idleTimeoutNs(), 0, 0, TimeUnit.NANOSECONDS))
                            .addLast(new HttpServerCodec())
                            .addLast(new HttpObjectAggregator(8192))
                            .addLast(new UpgradeGate())
                            .addLast(new WebSocketServerProtocolHandler(protocol))
                            .addLast(new FrameHandler());
                    }
                })
                .bind(context.host(), context.port()).sync().channel();
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    /**
     * @return the address it listens on (the port chosen when 0 was asked for).
     */
    public InetSocketAddress address()
    {
        return (InetSocketAddress)serverChannel.localAddress();
    }

    /**
     * @return the address of the live arena page, or null when this build carries no page.
     */
    public String pageUrl()
    {
        if (!pages.hasArenaPage())
        {
            return null;
        }
        final java.net.InetAddress bound = address().getAddress();
        final String host = bound.isAnyLocalAddress() ? "localhost" :
            bound instanceof java.net.Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return "http://" + host + ":" + address().getPort() + "/";
    }

    /**
     * @return the ingress agent's side: what clients sent, as sources and messages.
     */
    public WebSocketIngress ingress()
    {
        return ingress;
    }

    /**
     * @return connections open now; any thread.
     */
    public int openConnections()
    {
        return openConnections.get();
    }

    /**
     * @return the open connection with that id, or null; any thread.
     */
    WebSocketConnection connection(final int connectionId)
    {
        return connections.get(connectionId);
    }

    public void close()
    {
        serverChannel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * Endpoint thread: whether an upgrade's Origin may open a connection. No Origin: not a browser. The endpoint's
     * own host and port (the Host the request was sent to): a page this engine serves. Otherwise only the listed.
     */
    private boolean originAllowed(final FullHttpRequest request)
    {
        final String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (null == origin)
        {
            return true;
        }
        final String host = request.headers().get(HttpHeaderNames.HOST);
        if (null != host && (origin.equals("http://" + host) || origin.equals("https://" + host)))
        {
            return true;
        }
        return context.allowedOrigins().contains(origin);
    }

    private static void refuse(final ChannelHandlerContext ctx, final HttpResponseStatus status)
    {
        final DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(status.reasonPhrase() + "\n", StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static void serve(final ChannelHandlerContext ctx, final WebPages.Page page)
    {
        final DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK, Unpooled.wrappedBuffer(page.bytes()));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, page.contentType())
            .set(HttpHeaderNames.CONTENT_LENGTH, page.bytes().length)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .set("X-Content-Type-Options", "nosniff")
            .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static String hostOf(final Channel channel)
    {
        final InetSocketAddress remote = (InetSocketAddress)channel.remoteAddress();
        return remote.getAddress().getHostAddress();
    }

    /**
     * Endpoint thread: put one record for ingress, or pause reading the connection and try again shortly (the
     * buffer to ingress is full: ingress is behind, and the client's socket takes the back pressure).
     */
    private void deliver(final ChannelHandlerContext ctx, final int type, final int connectionId, final ByteBuf content)
    {
        final int length = null == content ? 0 : content.readableBytes();
        record.putInt(0, connectionId);
        if (null != content)
        {
            content.getBytes(content.readerIndex(), frameBytes, Integer.BYTES, length);
        }
        if (inbound.write(type, record, 0, Integer.BYTES + length))
        {
            return;
        }
        inboundWaits.incrementRelease();
        ctx.channel().config().setAutoRead(false);
        final byte[] held = new byte[Integer.BYTES + length];
        record.getBytes(0, held);
        retry(ctx, type, held);
    }

    private void retry(final ChannelHandlerContext ctx, final int type, final byte[] held)
    {
        ctx.executor().schedule(() ->
        {
            if (inbound.write(type, new UnsafeBuffer(held), 0, held.length))
            {
                ctx.channel().config().setAutoRead(true);
            }
            else
            {
                retry(ctx, type, held);
            }
        }, RETRY_DELAY_US, TimeUnit.MICROSECONDS);
    }

    /**
     * Lets through only upgrades to the path, from an allowed Origin, within the address's connections.
     */
    private final class UpgradeGate extends ChannelInboundHandlerAdapter
    {
        public void channelRead(final ChannelHandlerContext ctx, final Object message)
        {
            if (!(message instanceof FullHttpRequest))
            {
                ctx.fireChannelRead(message);
                return;
            }
            final FullHttpRequest request = (FullHttpRequest)message;
            final boolean upgrade = PATH.equals(request.uri()) &&
                "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
            if (!upgrade)
            {
                final boolean get = HttpMethod.GET.equals(request.method());
                final String uri = request.uri();
                request.release();
                final WebPages.Page page = get ? pages.find(uri) : null;
                if (null == page)
                {
                    refusedRequests.incrementRelease();
                    refuse(ctx, HttpResponseStatus.NOT_FOUND);
                    return;
                }
                pagesServed.incrementRelease();
                serve(ctx, page);
                return;
            }
            if (!originAllowed(request))
            {
                request.release();
                refusedOrigin.incrementRelease();
                refuse(ctx, HttpResponseStatus.FORBIDDEN);
                return;
            }
            if (connectionsByAddress.getOrDefault(hostOf(ctx.channel()), 0) >= context.maxConnectionsPerAddress())
            {
                request.release();
                refusedPerAddress.incrementRelease();
                refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS);
                return;
            }
            ctx.fireChannelRead(request);
        }
    }

    /**
     * Binary frames to ingress; anything else closes the connection. Registers the connection once the upgrade is
     * done and tells ingress when it goes.
     */
    private final class FrameHandler extends ChannelInboundHandlerAdapter
    {
        private ScheduledFuture<?> handshakeDeadline;

        public void channelActive(final ChannelHandlerContext ctx) throws Exception
        {
            handshakeDeadline = ctx.executor().schedule(() ->
            {
                if (null == ctx.channel().attr(CONNECTION).get())
                {
                    slowOrIdleClosed.incrementRelease(); // a slow or half-open upgrade
                    ctx.close();
                }
            }, context.handshakeTimeoutNs(), TimeUnit.NANOSECONDS);
            super.channelActive(ctx);
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event instanceof IdleStateEvent)
            {
                slowOrIdleClosed.incrementRelease();
                ctx.close();
                return;
            }
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                if (null != handshakeDeadline)
                {
                    handshakeDeadline.cancel(false);
                }
                final Channel channel = ctx.channel();
                final String address = hostOf(channel);
                final int connectionId = ++nextConnectionId;
                final WebSocketConnection connection = new WebSocketConnection(
                    connectionId, channel, address, context.outboundBufferBytes(), framesSent);
                channel.attr(CONNECTION).set(connection);
                connections.put(connectionId, connection);
                connectionsByAddress.merge(address, 1, Integer::sum);
                connectionsOpen.setRelease(openConnections.incrementAndGet());
                connectionsAccepted.incrementRelease();
                final InetSocketAddress remote = (InetSocketAddress)channel.remoteAddress();
                final ByteBuf identity = Unpooled.copiedBuffer(
                    remote.getAddress().getHostAddress() + ":" + remote.getPort(), StandardCharsets.US_ASCII);
                deliver(ctx, OPENED, connectionId, identity);
                identity.release();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        public void channelRead(final ChannelHandlerContext ctx, final Object message)
        {
            final WebSocketFrame frame = (WebSocketFrame)message;
            try
            {
                final WebSocketConnection connection = ctx.channel().attr(CONNECTION).get();
                if (null == connection)
                {
                    return;
                }
                if (frame instanceof BinaryWebSocketFrame && frame.isFinalFragment())
                {
                    framesReceived.incrementRelease();
                    deliver(ctx, FRAME, connection.connectionId, frame.content());
                    return;
                }
                framesRefused.incrementRelease();
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "one protocol message per binary frame")).addListener(ChannelFutureListener.CLOSE);
            }
            finally
            {
                frame.release();
            }
        }

        public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
        {
            final WebSocketConnection connection = ctx.channel().attr(CONNECTION).get();
            if (null != connection && ctx.channel().isWritable())
            {
                connection.onWritable();
            }
            super.channelWritabilityChanged(ctx);
        }

        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            final WebSocketConnection connection = ctx.channel().attr(CONNECTION).getAndSet(null);
            if (null != connection)
            {
                connection.onClosed();
                connections.remove(connection.connectionId);
                connectionsByAddress.computeIfPresent(connection.address, (address, count) -> count > 1 ? count - 1 : null);
                connectionsOpen.setRelease(openConnections.decrementAndGet());
                deliver(ctx, CLOSED, connection.connectionId, null);
            }
            super.channelInactive(ctx);
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            if (cause instanceof CorruptedWebSocketFrameException)
            {
                framesRefused.incrementRelease(); // over the cap, or malformed: the connection is closed unread
            }
            ctx.close();
        }
    }
}
