package io.ringside.transport;

/**
 * Where ingress messages come from: one Aeron image (one client publication) on an ingress subscription, or one
 * WebSocket connection. Created once per image or connection, on the ingress thread. Sessions are bound to their source so that an id used from elsewhere is caught.
 */
public final class IngressSource
{
    private final long sourceId;
    private final String identity;
    private final String address;
    private final boolean ipc;
    private final boolean loopback;
    private final int connectionId;
    private boolean lost;
    private long lastDrainedNs = Long.MIN_VALUE;

    /**
     * Made by the {@link IngressAdapter} for each image; public so that a listener can be driven without Aeron.
     *
     * @param sourceId unique for the life of the process.
     * @param identity Aeron's source identity ({@code ip:port} for UDP).
     * @param ipc      whether the image is on the IPC subscription.
     */
    public IngressSource(final long sourceId, final String identity, final boolean ipc)
    {
        this(sourceId, identity, ipc, 0);
    }

    /**
     * A source that is a connection carrying responses back itself (a WebSocket), not an Aeron image.
     *
     * @param connectionId the connection, positive; its responses go back on it.
     */
    public IngressSource(final long sourceId, final String identity, final boolean ipc, final int connectionId)
    {
        this.sourceId = sourceId;
        this.identity = identity;
        this.ipc = ipc;
        this.address = ipc ? "ipc" : host(identity);
        this.loopback = ipc || isLoopback(address);
        this.connectionId = connectionId;
    }

    /**
     * @return the connection responses go back on when the source carries them itself (a WebSocket), or 0 for an
     * Aeron image (responses go to the channel its Connect names).
     */
    public int connectionId()
    {
        return connectionId;
    }

    /**
     * @return a unique id of the source for the life of the process (the Aeron image's correlation id).
     */
    public long sourceId()
    {
        return sourceId;
    }

    /**
     * @return Aeron's source identity: the sender's {@code ip:port} for UDP.
     */
    public String identity()
    {
        return identity;
    }

    /**
     * @return the sender's host address, or {@code ipc}.
     */
    public String address()
    {
        return address;
    }

    public boolean isIpc()
    {
        return ipc;
    }

    public boolean isLoopback()
    {
        return loopback;
    }

    public boolean isLost()
    {
        return lost;
    }

    /**
     * @return when the adapter last read everything this source had sent (the start of that poll), or
     * {@link Long#MIN_VALUE} before it ever did. Messages read after that were sent after it, which is what lets a
     * rate limit judge a client by when it sent rather than by when the engine got round to reading.
     */
    public long lastDrainedNs()
    {
        return lastDrainedNs;
    }

    /**
     * For the adapter that reads the source (on the ingress thread): everything it had sent was read.
     */
    public void drainedAt(final long nowNs)
    {
        lastDrainedNs = nowNs;
    }

    /**
     * For the adapter that reads the source (on the ingress thread): it is gone.
     */
    public void markLost()
    {
        lost = true;
    }

    static String host(final String identity)
    {
        if (identity.startsWith("["))
        {
            final int end = identity.indexOf(']');
            return end > 0 ? identity.substring(1, end) : identity;
        }
        final int colon = identity.lastIndexOf(':');
        return colon > 0 ? identity.substring(0, colon) : identity;
    }

    /**
     * @return true for 127.0.0.0/8, ::1 and localhost, judged from the text alone (no name lookups).
     */
    public static boolean isLoopback(final String host)
    {
        return host.startsWith("127.") || "::1".equals(host) || "0:0:0:0:0:0:0:1".equals(host) ||
            "localhost".equalsIgnoreCase(host);
    }

    public String toString()
    {
        return "IngressSource{" + sourceId + ", " + identity + '}';
    }
}
