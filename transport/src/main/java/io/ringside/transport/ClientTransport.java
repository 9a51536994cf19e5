package io.ringside.transport;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

/**
 * How a {@link GameClient} reaches the engine: a way to send protocol messages and a stream of the engine's messages
 * for this client. Over Aeron ({@link AeronClientTransport}) the client's publication to the engine's ingress and a
 * subscription on its own response channel, with room streams on Aeron streams of their own; over a WebSocket
 * ({@link io.ringside.transport.websocket.WebSocketClientTransport}) one connection both ways, room streams in band.
 * A transport reconnects by itself after losing the engine, as an Aeron publication does.
 * The client's polling thread only, unless an implementation says otherwise.
 */
public interface ClientTransport extends AutoCloseable
{
    /**
     * @return the response channel Connect and Reconnect name.
     */
    String responseChannel();

    /**
     * @return the response stream id Connect and Reconnect name.
     */
    int responseStreamId();

    /**
     * @return whether a message offered now can reach the engine.
     */
    boolean isConnected();

    /**
     * Send one whole message.
     *
     * @return a positive value when taken, or a negative one as {@code Publication.offer} returns (not connected,
     * back pressured, closed).
     */
    long offer(DirectBuffer buffer, int offset, int length);

    /**
     * Hand the engine's messages, each whole, to the handler (whose {@code Header} may be null for a transport that
     * has none).
     *
     * @return messages handled.
     */
    int poll(FragmentHandler handler, int limit);

    /**
     * The message being handled (an OK SessionResult) starts the session's stream on this transport: from now on
     * {@link #isSessionStreamLost()} watches it.
     */
    void markSessionStream(Header header);

    /**
     * Stop watching the session's stream (the client is resuming, or leaving).
     */
    void clearSessionStream();

    /**
     * @return whether the marked session stream is gone (its image, or its connection).
     */
    boolean isSessionStreamLost();

    /**
     * Go to another engine (a Redirect): send from now on to its Aeron endpoint or WebSocket URL, whichever this
     * transport speaks, keeping what this client receives on. Messages the old engine had not yet delivered may still
     * arrive.
     *
     * @return false when this transport cannot reach that engine (no endpoint of its kind, or a response channel
     * only the old engine's media driver can reach).
     */
    default boolean redirect(final String aeronEndpoint, final String webSocketUrl)
    {
        return false;
    }

    /**
     * @return whether the room's stream comes in band, on this transport's own stream, rather than on an Aeron
     * stream of its own that the client subscribes to.
     */
    boolean roomStreamsInBand();

    /**
     * @return the Aeron client for room stream subscriptions, or null when {@link #roomStreamsInBand()}.
     */
    io.aeron.Aeron aeron();

    void close();
}
