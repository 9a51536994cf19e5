package io.ringside.engine.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.ringside.engine.egress.EgressTransport;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's WebSocket as egress sees it: a bounded buffer that egress threads write whole protocol messages into
 * ({@link #offer}, never blocking: a full buffer is back pressure, as a full Aeron publication is) and the endpoint's
 * thread drains into binary frames while the socket is writable. Egress threads (the session's shard, and shard 0
 * forwarding its rooms' streams) only write the buffer and, once per drain, hand the endpoint's thread a
 * pre-allocated task; the frames are the endpoint thread's own allocation.
 */
final class WebSocketConnection
{
    private static final int MESSAGE_TYPE = 1;
    private static final int FRAMES_PER_DRAIN = 64;

    final int connectionId;
    final String address;
    private final Channel channel;
    private final ManyToOneRingBuffer outbound;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final MessageHandler frameWriter = this::writeFrame;
    private final byte[] frameBytes;
    private final AtomicCounter framesSent;
    private volatile boolean closed;

    WebSocketConnection(
        final int connectionId,
        final Channel channel,
        final String address,
        final int outboundBufferBytes,
        final AtomicCounter framesSent)
    {
        this.connectionId = connectionId;
        this.channel = channel;
        this.address = address;
        this.framesSent = framesSent;
        this.outbound = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(outboundBufferBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.frameBytes = new byte[outbound.maxMsgLength()];
    }

    private WebSocketConnection()
    {
        this.connectionId = 0;
        this.channel = null;
        this.address = "";
        this.framesSent = null;
        this.outbound = null;
        this.frameBytes = null;
        this.closed = true;
    }

    /**
     * @return a connection that is gone: every offer is {@link EgressTransport#CLOSED}.
     */
    static WebSocketConnection closed()
    {
        return new WebSocketConnection();
    }

    /**
     * Egress threads: queue one message for the client.
     *
     * @return 0 when taken, {@link EgressTransport#BACK_PRESSURED} when the buffer is full, or
     * {@link EgressTransport#CLOSED} when the connection is gone.
     */
    long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            return EgressTransport.CLOSED;
        }
        if (!outbound.write(MESSAGE_TYPE, buffer, offset, length))
        {
            return EgressTransport.BACK_PRESSURED;
        }
        scheduleDrain();
        return 0;
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * Endpoint thread: the channel is gone.
     */
    void onClosed()
    {
        closed = true;
    }

    /**
     * Endpoint thread: the socket can take more.
     */
    void onWritable()
    {
        scheduleDrain();
    }

    private void scheduleDrain()
    {
        if (!drainScheduled.getAndSet(true))
        {
            try
            {
                channel.eventLoop().execute(drainTask);
            }
            catch (final RejectedExecutionException ex)
            {
                closed = true; // the endpoint is shutting down
            }
        }
    }

    /**
     * Endpoint thread: frames from the buffer while the socket is writable; again later if more is waiting.
     */
    private void drain()
    {
        drainScheduled.set(false);
        if (!channel.isActive())
        {
            return;
        }
        int frames = 0;
        while (channel.isWritable() && frames < FRAMES_PER_DRAIN)
        {
            if (0 == outbound.read(frameWriter, 1))
            {
                break;
            }
            frames++;
        }
        if (frames > 0)
        {
            channel.flush();
            framesSent.getAndAddRelease(frames);
        }
        if (channel.isWritable() && outbound.size() > 0)
        {
            scheduleDrain();
        }
    }

    private void writeFrame(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        buffer.getBytes(index, frameBytes, 0, length);
        final ByteBuf bytes = channel.alloc().directBuffer(length);
        bytes.writeBytes(frameBytes, 0, length);
        channel.write(new BinaryWebSocketFrame(bytes), channel.voidPromise());
    }
}
