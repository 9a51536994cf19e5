package io.ringside.engine.egress;

import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateWire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_ID_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_TYPE_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_VALUES_OFFSET;

/**
 * The difference between two views of declared state, each a run of entity records sorted by id: per entity, a mask
 * of the fields whose bytes changed and those fields, as StateWire entries (every field of a new entity, of one whose
 * type changed, and of all of them in a FULL); entities gone since are listed as removed. Values are copied as the
 * frame holds them, already in their wire form. Used by the room stream's RoomState and the per-client StateView.
 * Owned by one egress thread; allocation-free.
 */
final class StateDiff
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    final UnsafeBuffer values;
    final int[] removedIds;
    int valuesLength;
    int removedCount;

    /**
     * @param maxEntities     the most entities a view holds (the most that can be removed at once).
     * @param maxValuesLength the most bytes of entries a message carries.
     */
    StateDiff(final int maxEntities, final int maxValuesLength)
    {
        this.removedIds = new int[maxEntities];
        this.values = new UnsafeBuffer(new byte[maxValuesLength]);
    }

    /**
     * @param current  the records to show, sorted by entity id.
     * @param baseline the records shown last, sorted by entity id (ignored for a FULL).
     */
    void diff(
        final StateSchema schema,
        final int recordLength,
        final UnsafeBuffer current,
        final int currentCount,
        final UnsafeBuffer baseline,
        final int baselineCount,
        final boolean full)
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
        this.valuesLength = valuesLength;
        this.removedCount = removed;
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
