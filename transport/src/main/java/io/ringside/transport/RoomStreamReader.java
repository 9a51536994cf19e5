package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.SnapshotType;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A game client's reader of its room's stream (see RoomSnapshot in the protocol): subscribes on the client's own
 * media (over IPC untethered, over UDP on the client's response endpoint, where the engine adds it as a destination),
 * checks the room sequence, and hands the listener each RoomSnapshot it can apply with this client's own input
 * acknowledgement found in it.
 * <p>
 * A jump in the room sequence is a loss: counted (gaps, messages lost), and DELTAs are then not handed on (their
 * baseline is missing) until the next FULL keyframe, counted as waiting for a keyframe. A sequence that goes back is
 * a new stream (the engine restarted, or the room's publication was made again): counted as a restart, and the
 * reader waits for a keyframe. The subscription is added asynchronously, so a join never waits for the driver.
 * Not thread-safe: the client's polling thread only.
 */
final class RoomStreamReader implements FragmentHandler, AutoCloseable
{
    private static final long NO_REGISTRATION = Long.MIN_VALUE;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int MEMBER_ENTITY_ID_OFFSET = RoomSnapshotDecoder.MembersDecoder.entityIdEncodingOffset();
    private static final int MEMBER_INPUT_SEQUENCE_OFFSET =
        RoomSnapshotDecoder.MembersDecoder.lastInputSequenceEncodingOffset();
    private static final int MEMBER_INPUT_TIME_OFFSET =
        RoomSnapshotDecoder.MembersDecoder.lastInputClientTimestampNsEncodingOffset();

    private final Aeron aeron;
    private final String channel;
    private final GameClientListener listener;
    private final MessageValidator validator = MessageValidator.forClient();
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final RoomSnapshotDecoder decoder = new RoomSnapshotDecoder();
    private final RoomStateDecoder stateDecoder = new RoomStateDecoder();
    private final DeclaredState declaredState;

    private int streamId;
    private int ownEntityId;
    private long registrationId = NO_REGISTRATION;
    private Subscription subscription;
    private long lastSequence;
    private boolean waitingForKeyframe = true;

    private long messagesReceived;
    private long bytesReceived;
    private long snapshots;
    private long declaredSkips;
    private long gaps;
    private long messagesLost;
    private long deltasWithoutBaseline;
    private long restarts;
    private long invalidMessages;
    private long invalidStates;
    private long subscribeFailures;

    /**
     * @param aeron           for the room stream's subscription; null when the room's messages come in band, on the
     *                        client's own stream (a WebSocket), and the client hands them to {@link #onFragment}.
     * @param responseChannel the channel the client receives its own stream on: the room stream comes on the same
     *                        media (and, over UDP, the same endpoint).
     */
    RoomStreamReader(
        final Aeron aeron, final String responseChannel, final GameClientListener listener,
        final DeclaredState declaredState)
    {
        this.aeron = aeron;
        this.channel = null == aeron ? responseChannel : roomChannel(responseChannel);
        this.listener = listener;
        this.declaredState = declaredState;
    }

    /**
     * The channel a client reads its room's stream on: untethered IPC for an IPC client, its own response channel
     * for a UDP client.
     */
    static String roomChannel(final String responseChannel)
    {
        final ChannelUri uri = ChannelUri.parse(responseChannel);
        if (CommonContext.IPC_MEDIA.equals(uri.media()))
        {
            return "aeron:ipc?" + CommonContext.TETHER_PARAM_NAME + "=false";
        }
        return responseChannel;
    }

    /**
     * The client joined (or, after a resume, rejoined) a room: read its stream, if it has one, from its next keyframe.
     *
     * @param roomStreamId from RoomJoined; not a room stream id (0, or a version-2 engine's null) closes the reader.
     * @param ownEntityId  the client's own entity, whose acknowledgement is looked for in every RoomSnapshot.
     */
    void open(final int roomStreamId, final int ownEntityId)
    {
        this.ownEntityId = ownEntityId;
        lastSequence = 0;
        waitingForKeyframe = true;
        if (null == aeron)
        {
            // in band: the transport's own stream carries the room's messages, handed to onFragment by the client
            streamId = ProtocolLimits.isRoomStreamId(roomStreamId) ? roomStreamId : 0;
            return;
        }
        if (roomStreamId == streamId && (null != subscription || NO_REGISTRATION != registrationId))
        {
            return;
        }
        close();
        if (!ProtocolLimits.isRoomStreamId(roomStreamId))
        {
            return;
        }
        streamId = roomStreamId;
        registrationId = aeron.asyncAddSubscription(channel, roomStreamId);
    }

    /**
     * @return fragments read.
     */
    int poll(final int fragmentLimit)
    {
        if (NO_REGISTRATION != registrationId)
        {
            try
            {
                subscription = aeron.getSubscription(registrationId);
            }
            catch (final AeronException ex)
            {
                subscribeFailures++;
                registrationId = NO_REGISTRATION;
                streamId = 0;
                return 0;
            }
            if (null == subscription)
            {
                return 0;
            }
            registrationId = NO_REGISTRATION;
        }
        return null == subscription ? 0 : subscription.poll(assembler, fragmentLimit);
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        messagesReceived++;
        bytesReceived += length;
        if (Rejection.NONE != validator.validate(buffer, offset, length))
        {
            invalidMessages++;
            return;
        }
        final MessageType type = validator.messageType();
        if (MessageType.ROOM_SNAPSHOT != type && MessageType.ROOM_STATE != type)
        {
            invalidMessages++;
            return;
        }
        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        final int blockLength = validator.actingBlockLength();
        final int version = validator.actingVersion();
        final boolean state = MessageType.ROOM_STATE == type;
        final long sequence;
        final boolean full;
        final long skipped;
        if (state)
        {
            stateDecoder.wrap(buffer, body, blockLength, version);
            sequence = stateDecoder.roomSequence();
            full = SnapshotType.FULL == stateDecoder.snapshotType();
            skipped = stateDecoder.skippedCount();
        }
        else
        {
            decoder.wrap(buffer, body, blockLength, version);
            sequence = decoder.roomSequence();
            full = SnapshotType.FULL == decoder.snapshotType();
            skipped = decoder.skippedCount();
        }

        final boolean inSequence = 0 != lastSequence && sequence == lastSequence + 1;
        if (0 != lastSequence && !inSequence)
        {
            if (sequence > lastSequence)
            {
                gaps++;
                messagesLost += sequence - lastSequence - 1;
            }
            else
            {
                restarts++;
            }
            waitingForKeyframe = true;
        }
        lastSequence = sequence;
        if (full)
        {
            waitingForKeyframe = false;
        }
        else if (waitingForKeyframe)
        {
            deltasWithoutBaseline++;
            return;
        }

        snapshots++;
        if (inSequence)
        {
            // skips declared by the first message read are the stream's, from before this client read it
            declaredSkips += skipped;
        }

        // the acknowledgement is read from the bytes (the members group leads both kinds), so that the listener
        // gets the decoder at its first group
        long ackSequence = 0;
        long ackTimeNs = 0;
        final int group = body + blockLength;
        final int entryLength = buffer.getShort(group, ORDER) & 0xFFFF;
        final int count = buffer.getShort(group + 2, ORDER) & 0xFFFF;
        for (int i = 0, at = group + ProtocolLimits.GROUP_HEADER_LENGTH; i < count; i++, at += entryLength)
        {
            if (buffer.getInt(at + MEMBER_ENTITY_ID_OFFSET, ORDER) == ownEntityId)
            {
                ackSequence = buffer.getLong(at + MEMBER_INPUT_SEQUENCE_OFFSET, ORDER);
                ackTimeNs = buffer.getLong(at + MEMBER_INPUT_TIME_OFFSET, ORDER);
                break;
            }
        }
        if (state)
        {
            if (!declaredState.apply(stateDecoder))
            {
                // no declaration to read it with, or entries that do not match it: nothing applied until a keyframe
                invalidStates++;
                waitingForKeyframe = true;
                return;
            }
            listener.onRoomState(declaredState, ackSequence, ackTimeNs);
        }
        else
        {
            decoder.wrap(buffer, body, blockLength, version);
            listener.onRoomSnapshot(decoder, ackSequence, ackTimeNs);
        }
    }

    /**
     * @param checkEntities whether the values of every entity are validated (see
     *                      {@link MessageValidator#entryChecks(boolean)}); off only for a reader whose listener never
     *                      decodes entities.
     */
    void checkEntities(final boolean checkEntities)
    {
        validator.entryChecks(checkEntities);
    }

    boolean isOpen()
    {
        return null == aeron ? 0 != streamId : null != subscription || NO_REGISTRATION != registrationId;
    }

    long messagesReceived()
    {
        return messagesReceived;
    }

    long bytesReceived()
    {
        return bytesReceived;
    }

    long snapshots()
    {
        return snapshots;
    }

    long declaredSkips()
    {
        return declaredSkips;
    }

    long gaps()
    {
        return gaps;
    }

    long messagesLost()
    {
        return messagesLost;
    }

    long deltasWithoutBaseline()
    {
        return deltasWithoutBaseline;
    }

    long restarts()
    {
        return restarts;
    }

    long invalidMessages()
    {
        return invalidMessages;
    }

    /**
     * @return RoomState messages that could not be applied (no declaration, or entries that do not match it).
     */
    long invalidStates()
    {
        return invalidStates;
    }

    long subscribeFailures()
    {
        return subscribeFailures;
    }

    public void close()
    {
        if (NO_REGISTRATION != registrationId)
        {
            aeron.asyncRemoveSubscription(registrationId);
            registrationId = NO_REGISTRATION;
        }
        CloseHelper.quietClose(subscription);
        subscription = null;
        streamId = 0;
    }
}
