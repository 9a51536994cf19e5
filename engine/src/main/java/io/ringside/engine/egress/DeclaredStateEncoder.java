package io.ringside.engine.egress;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.RoomStateEncoder;
import io.ringside.codec.sbe.RoomStateEncoder.MembersEncoder;
import io.ringside.codec.sbe.RoomStateEncoder.RemovedEntitiesEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateValuesDataEncoder;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateWire;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Encodes one RoomState message from a room's entity records of declared state (sorted by id) against the records
 * the room stream took last ({@link StateDiff}). Owned by egress shard 0's thread; allocation-free.
 */
final class DeclaredStateEncoder
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RoomStateEncoder encoder = new RoomStateEncoder();
    private final StateDiff diff;

    /**
     * @param maxEntities the most entities a room stream shows (the most that can be removed at once).
     */
    DeclaredStateEncoder(final int maxEntities)
    {
        this.diff = new StateDiff(maxEntities, StateValuesDataEncoder.lengthMaxValue());
    }

    /**
     * The most entities of records {@code recordLength} long whose every field fits a message of
     * {@code maxMessageLength} with {@code memberCount} members and up to {@code maxEntities} removals.
     */
    static int entityBudget(
        final int maxMessageLength, final int memberCount, final int maxEntities, final int recordLength)
    {
        final int fixed = MessageHeaderEncoder.ENCODED_LENGTH + RoomStateEncoder.BLOCK_LENGTH +
            2 * ProtocolLimits.GROUP_HEADER_LENGTH + memberCount * MembersEncoder.sbeBlockLength() +
            maxEntities * RemovedEntitiesEncoder.sbeBlockLength() +
            RoomStateEncoder.entitiesHeaderLength();
        final int bytes = Math.min(StateValuesDataEncoder.lengthMaxValue(), maxMessageLength - fixed);
        final int entry = StateWire.ENTRY_HEADER_LENGTH + recordLength - STATE_ENTITY_VALUES_OFFSET;
        return Math.max(0, bytes / entry);
    }

    /**
     * Encode into {@code out} at 0.
     *
     * @param current       the records to show, sorted by entity id.
     * @param baseline      the records the stream took last, sorted by entity id (ignored for a FULL).
     * @param frame         the frame, for its members.
     * @param membersOffset where the frame's members start.
     * @return the message's length.
     */
    int encode(
        final MutableDirectBuffer out,
        final StateSchema schema,
        final int recordLength,
        final UnsafeBuffer current,
        final int currentCount,
        final UnsafeBuffer baseline,
        final int baselineCount,
        final boolean full,
        final long sequence,
        final long skippedCount,
        final DirectBuffer frame,
        final int frameOffset,
        final int membersOffset,
        final int memberCount)
    {
        diff.diff(schema, recordLength, current, currentCount, baseline, baselineCount, full);
        final int removed = diff.removedCount;
        final int[] removedIds = diff.removedIds;

        final RoomStateEncoder e = encoder.wrapAndApplyHeader(out, 0, headerEncoder);
        e.roomSequence(sequence)
            .tick(frame.getLong(frameOffset + FRAME_TICK_OFFSET))
            .serverTimeNs(frame.getLong(frameOffset + FRAME_TIME_OFFSET))
            .roomId(frame.getLong(frameOffset + FRAME_ROOM_ID_OFFSET))
            .snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA)
            .baselineSequence(full ? 0 : sequence - 1)
            .skippedCount(Math.min(skippedCount, 0xFFFF_FFFFL));
        final MembersEncoder members = e.membersCount(memberCount);
        for (int m = 0; m < memberCount; m++)
        {
            final int at = membersOffset + m * MEMBER_LENGTH;
            members.next()
                .entityId(frame.getInt(at + MEMBER_ENTITY_ID_OFFSET))
                .lastInputSequence(frame.getLong(at + MEMBER_LAST_INPUT_SEQUENCE_OFFSET))
                .lastInputClientTimestampNs(frame.getLong(at + MEMBER_LAST_INPUT_TIME_OFFSET));
        }
        final RemovedEntitiesEncoder removedEntities = e.removedEntitiesCount(removed);
        for (int r = 0; r < removed; r++)
        {
            removedEntities.next().entityId(removedIds[r]);
        }
        e.putEntities(diff.values, 0, diff.valuesLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
