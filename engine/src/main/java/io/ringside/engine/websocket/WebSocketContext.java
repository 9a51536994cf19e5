package io.ringside.engine.websocket;

import java.util.List;

/**
 * What the WebSocket endpoint starts with (a context, as in {@code EngineConfiguration}'s pattern; {@code EngineMain}
 * fills it from the configured properties).
 */
public final class WebSocketContext
{
    private int port;
    private String host = "127.0.0.1";
    private List<String> allowedOrigins = List.of();
    private int maxConnectionsPerAddress = 64;
    private int inboundBufferBytes = 4 * 1024 * 1024;
    private int outboundBufferBytes = 256 * 1024;
    private long handshakeTimeoutNs = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private long idleTimeoutNs = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /**
     * @param port the TCP port; 0 picks a free one.
     */
    public WebSocketContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    /**
     * @param host the address to bind: loopback unless told otherwise.
     */
    public WebSocketContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    /**
     * @param allowedOrigins the Origin headers a browser's upgrade may carry, as {@code scheme://host:port}; besides
     *                       these, a request without an Origin (not a browser) and one whose Origin is the endpoint's
     *                       own host and port (a page the engine serves) are let in.
     */
    public WebSocketContext allowedOrigins(final List<String> allowedOrigins)
    {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        return this;
    }

    public List<String> allowedOrigins()
    {
        return allowedOrigins;
    }

    public WebSocketContext maxConnectionsPerAddress(final int maxConnectionsPerAddress)
    {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        return this;
    }

    public int maxConnectionsPerAddress()
    {
        return maxConnectionsPerAddress;
    }

    /**
     * @param inboundBufferBytes the buffer between the endpoint's thread and ingress, a power of two.
     */
    public WebSocketContext inboundBufferBytes(final int inboundBufferBytes)
    {
        this.inboundBufferBytes = inboundBufferBytes;
        return this;
    }

    public int inboundBufferBytes()
    {
        return inboundBufferBytes;
    }

    /**
     * @param outboundBufferBytes each connection's buffer between egress and the endpoint's thread, a power of two:
     *                            what egress may put ahead of the socket before it is back pressured.
     */
    public WebSocketContext outboundBufferBytes(final int outboundBufferBytes)
    {
        this.outboundBufferBytes = outboundBufferBytes;
        return this;
    }

    public int outboundBufferBytes()
    {
        return outboundBufferBytes;
    }

    /**
     * @param handshakeTimeoutNs how long a connection may take to finish its upgrade (a slow or half-open one holds
     *                           a socket and a slot of its address's cap until then).
     */
    public WebSocketContext handshakeTimeoutNs(final long handshakeTimeoutNs)
    {
        this.handshakeTimeoutNs = handshakeTimeoutNs;
        return this;
    }

    public long handshakeTimeoutNs()
    {
        return handshakeTimeoutNs;
    }

    /**
     * @param idleTimeoutNs how long an upgraded connection may send nothing (longer than the session timeout, so a
     *                      session's own silence rule acts first).
     */
    public WebSocketContext idleTimeoutNs(final long idleTimeoutNs)
    {
        this.idleTimeoutNs = idleTimeoutNs;
        return this;
    }

    public long idleTimeoutNs()
    {
        return idleTimeoutNs;
    }
}
