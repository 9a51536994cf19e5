package io.ringside.engine.egress;

import org.agrona.DirectBuffer;

/**
 * What egress needs from a transport: open a client's response stream, offer it bytes, close it; and, where it can,
 * one stream per room that every member reads. The Aeron transport implements them with one publication per client
 * and one (per media) per room; tests capture what is offered. Each egress shard has its own, called on that shard's
 * thread only.
 * <p>
 * {@link #offer} follows {@code io.aeron.Publication#offer}: a non-negative result means the bytes were taken, a
 * negative one is one of the codes below, and egress acts on each by its meaning.
 */
public interface EgressTransport
{
    /**
     * Not connected yet (or any more): nobody is reading. Retryable for reliable messages.
     */
    long NOT_CONNECTED = -1;

    /**
     * The client is not keeping up. Retryable.
     */
    long BACK_PRESSURED = -2;

    /**
     * The transport was busy with administration. Retry at once.
     */
    long ADMIN_ACTION = -3;

    /**
     * The stream is closed: the client is gone.
     */
    long CLOSED = -4;

    /**
     * The stream has reached its maximum position: it can take nothing more.
     */
    long MAX_POSITION_EXCEEDED = -5;

    /**
     * Open the response stream a client asked for at connect or reconnect (replacing any it had).
     *
     * @param sessionId     the session.
     * @param streamId      the stream id the client named.
     * @param channel       the channel the client named.
     * @param channelOffset of the channel bytes.
     * @param channelLength of the channel bytes.
     */
    void onSessionOpened(long sessionId, int streamId, DirectBuffer channel, int channelOffset, int channelLength);

    /**
     * Offer one message to a client.
     *
     * @return a non-negative value when taken, otherwise one of the negative codes of this interface.
     */
    long offer(long sessionId, DirectBuffer buffer, int offset, int length);

    /**
     * Close a client's response stream; bytes already taken are still delivered.
     */
    void onSessionClosed(long sessionId);

    /**
     * Called when egress has nothing else to do, for transports that complete work asynchronously.
     *
     * @return work done.
     */
    /**
     * @return the longest message {@link #offer} takes for one client.
     */
    default int maxMessageLength()
    {
        return io.ringside.codec.ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH;
    }

    default int doWork()
    {
        return 0;
    }

    /**
     * Whether this transport carries room streams (one stream per room that every member reads). When it does not,
     * egress sends each member of every room its own snapshots.
     */
    default boolean supportsRoomStreams()
    {
        return false;
    }

    /**
     * A session became a member of a room that has a stream (again, after a resume: idempotent). The transport
     * opens the room's stream on the member's media if it is the first there, and makes the member a receiver of it
     * (for a UDP member, a destination: the endpoint of its own response channel, never another address).
     */
    default void onRoomMemberJoined(final long roomId, final int roomStreamId, final long sessionId)
    {
    }

    /**
     * A session left a room's stream; the stream closes with its last member.
     */
    default void onRoomMemberLeft(final long roomId, final long sessionId)
    {
    }

    /**
     * With several egress shards, room streams are shard 0's for the members of every shard: its transport is told of
     * each session another shard owns (the response channel it named, so that a room stream reaches it on its own
     * media and endpoint), and opens no stream for it.
     */
    default void onOtherShardSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int channelOffset,
        final int channelLength)
    {
    }

    /**
     * A session another egress shard owns closed its stream: it reads no room stream any more.
     */
    default void onOtherShardSessionClosed(final long sessionId)
    {
    }

    /**
     * Offer one message to every member of a room at once.
     *
     * @return a non-negative value when any of the room's streams took it, otherwise a negative code of this
     * interface.
     */
    default long offerRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        return NOT_CONNECTED;
    }
}
