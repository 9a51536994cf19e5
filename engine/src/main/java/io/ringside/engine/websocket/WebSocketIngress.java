package io.ringside.engine.websocket;

import io.ringside.transport.IngressListener;
import io.ringside.transport.IngressSource;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingress agent's side of the WebSocket endpoint: each connection becomes an {@link IngressSource} of its own
 * (an id in a range Aeron images never use, the connection id for responses, the client's address for per-address
 * limits) and each frame a message of it, handed to the same {@link IngressListener} as Aeron's; a closed connection
 * is a lost source. Ingress thread only, apart from the buffer the endpoint thread writes.
 */
public final class WebSocketIngress
{
    /**
     * Source ids of WebSocket connections: this plus the connection id (Aeron's image correlation ids stay far
     * below).
     */
    public static final long SOURCE_ID_BASE = 1L << 62;

    private final ManyToOneRingBuffer inbound;
    private final AtomicInteger openConnections;
    private final Int2ObjectHashMap<IngressSource> sources = new Int2ObjectHashMap<>();
    private final ArrayList<IngressSource> sourceList = new ArrayList<>();
    private final MessageHandler handler = this::onRecord;
    private IngressListener listener;
    private long framesAfterClose;

    WebSocketIngress(final ManyToOneRingBuffer inbound, final AtomicInteger openConnections)
    {
        this.inbound = inbound;
        this.openConnections = openConnections;
    }

    /**
     * Hand what clients sent to the listener, at most {@code limit} records.
     *
     * @param nowNs the duty cycle's time: the sources read to the end are drained as of it (for the rate limit).
     * @return records taken.
     */
    public int poll(final IngressListener listener, final int limit, final long nowNs)
    {
        if (limit <= 0)
        {
            return 0;
        }
        this.listener = listener;
        final int read = inbound.read(handler, limit);
        if (read < limit)
        {
            for (int i = 0, size = sourceList.size(); i < size; i++)
            {
                sourceList.get(i).drainedAt(nowNs);
            }
        }
        return read;
    }

    /**
     * @return the open connection's source with that id, or null (closed, or not a WebSocket source id).
     */
    public IngressSource source(final long sourceId)
    {
        return isWebSocketSource(sourceId) ? sources.get((int)(sourceId - SOURCE_ID_BASE)) : null;
    }

    /**
     * @return whether a source id is a WebSocket connection's.
     */
    public static boolean isWebSocketSource(final long sourceId)
    {
        return sourceId > SOURCE_ID_BASE && sourceId - SOURCE_ID_BASE <= Integer.MAX_VALUE;
    }

    /**
     * @return connections open now (any thread).
     */
    public int connectionCount()
    {
        return openConnections.get();
    }

    /**
     * @return frames that arrived for a connection already reported closed (a frame that waited for room in the
     * buffer while its connection closed), not handed on.
     */
    public long framesAfterClose()
    {
        return framesAfterClose;
    }

    private void onRecord(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int connectionId = buffer.getInt(index);
        switch (type)
        {
            case WebSocketGateway.OPENED:
            {
                final IngressSource source = new IngressSource(SOURCE_ID_BASE + connectionId,
                    buffer.getStringWithoutLengthAscii(index + Integer.BYTES, length - Integer.BYTES), false, connectionId);
                sources.put(connectionId, source);
                sourceList.add(source);
                break;
            }
            case WebSocketGateway.FRAME:
            {
                final IngressSource source = sources.get(connectionId);
                if (null == source)
                {
                    framesAfterClose++;
                    return;
                }
                listener.onMessage(source, buffer, index + Integer.BYTES, length - Integer.BYTES);
                break;
            }
            case WebSocketGateway.CLOSED:
            {
                final IngressSource source = sources.remove(connectionId);
                if (null != source)
                {
                    sourceList.remove(source);
                    source.markLost();
                    listener.onSourceLost(source);
                }
                break;
            }
            default:
                break;
        }
    }
}
