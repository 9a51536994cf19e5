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

import java.nio.ByteOrder;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Encodes one RoomState message from a room's entity records of declared state (sorted by id) against the records
 * the room stream took last: per entity, a mask of the fields whose bytes changed, and those fields (every field of
 * a new entity, of one whose type changed, and of all of them in a FULL); entities gone since are listed as removed.
 * Values are copied as the frame holds them, already in their wire form. Owned by egress shard 0's thread;
 * allocation-free.
 */
final class DeclaredStateEncoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RoomStateEncoder encoder = new RoomStateEncoder();
    private final UnsafeBuffer values = new UnsafeBuffer(new byte[StateValuesDataEncoder.lengthMaxValue()]);
    private final int[] removedIds;

    /**
     * @param maxEntities the most entities a room stream shows (the most that can be removed at once).
     */
    DeclaredStateEncoder(final int maxEntities)
    {
        this.removedIds = new int[maxEntities];
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
        int valuesLength = 0;
        int removed = 0;
        int b = 0;
        for (int c = 0; c < currentCount; c++)
        {
            final int at = c * recordLength;
            final int entityId = current.getInt(at + STATE_ENTITY_ID_OFFSET);
            final StateSchema.EntityType type = schema.type(current.getInt(at + STATE_ENTITY_TYPE_OFFSET));
            int baseAt = -1;
            if (!full)
            {
                while (b < baselineCount && baseline.getInt(b * recordLength + STATE_ENTITY_ID_OFFSET) < entityId)
                {
                    removedIds[removed++] = baseline.getInt(b * recordLength + STATE_ENTITY_ID_OFFSET);
                    b++;
                }
                if (b < baselineCount && baseline.getInt(b * recordLength + STATE_ENTITY_ID_OFFSET) == entityId)
                {
                    if (baseline.getInt(b * recordLength + STATE_ENTITY_TYPE_OFFSET) == type.typeId())
                    {
                        baseAt = b * recordLength;
                    }
                    b++;
                }
            }
            final int mask = baseAt < 0 ? StateWire.allFields(type) :
                changedFields(type, current, at + STATE_ENTITY_VALUES_OFFSET, baseline,
                baseAt + STATE_ENTITY_VALUES_OFFSET);
            if (0 != mask)
            {
                valuesLength = writeEntry(type, mask, entityId, current, at + STATE_ENTITY_VALUES_OFFSET, valuesLength);
            }
        }
        while (!full && b < baselineCount)
        {
            removedIds[removed++] = baseline.getInt(b++ * recordLength + STATE_ENTITY_ID_OFFSET);
        }

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
        e.putEntities(values, 0, valuesLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private static int changedFields(
        final StateSchema.EntityType type,
        final DirectBuffer current,
        final int currentAt,
        final DirectBuffer baseline,
        final int baselineAt)
    {
        int mask = 0;
        for (int f = 0, count = type.fieldCount(); f < count; f++)
        {
            final StateSchema.Field field = type.field(f);
            final int offset = field.offset();
            for (int i = 0, length = field.length(); i < length; i++)
            {
                if (current.getByte(currentAt + offset + i) != baseline.getByte(baselineAt + offset + i))
                {
                    mask |= 1 << f;
                    break;
                }
            }
        }
        return mask;
    }

    private int writeEntry(
        final StateSchema.EntityType type,
        final int mask,
        final int entityId,
        final DirectBuffer record,
        final int recordAt,
        final int valuesAt)
    {
        values.putInt(valuesAt + StateWire.ENTITY_ID_OFFSET, entityId, LE);
        values.putByte(valuesAt + StateWire.TYPE_ID_OFFSET, (byte)type.typeId());
        values.putInt(valuesAt + StateWire.CHANGED_FIELDS_OFFSET, mask, LE);
        int at = valuesAt + StateWire.ENTRY_HEADER_LENGTH;
        for (int f = 0, count = type.fieldCount(); f < count; f++)
        {
            if (0 != (mask & (1 << f)))
            {
                final StateSchema.Field field = type.field(f);
                values.putBytes(at, record, recordAt + field.offset(), field.length());
                at += field.length();
            }
        }
        return at;
    }
}
