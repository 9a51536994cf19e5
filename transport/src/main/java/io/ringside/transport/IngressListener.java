package io.ringside.transport;

import org.agrona.DirectBuffer;

/**
 * Receives what the ingress subscriptions deliver, on the ingress thread.
 */
public interface IngressListener
{
    /**
     * A whole message of at most the configured maximum length. Not yet validated.
     */
    void onMessage(IngressSource source, DirectBuffer buffer, int offset, int length);

    /**
     * A message longer than the maximum length (or fragmented across frames) was dropped unread.
     */
    void onOversizedMessage(IngressSource source, int length);

    /**
     * The source's image went away (the client closed its publication, died, or timed out).
     */
    void onSourceLost(IngressSource source);
}
