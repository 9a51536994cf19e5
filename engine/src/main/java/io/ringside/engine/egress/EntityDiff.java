package io.ringside.engine.egress;

import io.ringside.codec.sbe.EntityFieldsEncoder;
import io.ringside.codec.sbe.EntityKind;
import org.agrona.DirectBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * What changed between two lists of entities (frame ENTITY records sorted by id): per entity of the current list,
 * the mask of its changed fields (all of them when new, or when a full picture is wanted), and the ids of the
 * entities that are gone. Shared by the per-client {@link SnapshotBuilder} and the room stream's
 * {@link RoomFanOut}; allocation-free, one per stage thread.
 */
final class EntityDiff
{
    static final int FIELD_POSITION = 1;
    static final int FIELD_ROTATION = 1 << 1;
    static final int FIELD_VELOCITY = 1 << 2;
    static final int FIELD_HEALTH = 1 << 3;
    static final int FIELD_SCORE = 1 << 4;
    static final int FIELD_STATE = 1 << 5;
    static final int FIELD_OWNER = 1 << 6;
    static final int ALL_FIELDS = (1 << 7) - 1;

    final int[] masks;
    final int[] removedIds;
    int changedCount;
    int removedCount;

    EntityDiff(final int maxEntities)
    {
        masks = new int[maxEntities];
        removedIds = new int[maxEntities];
    }

    /**
     * Compare {@code current} with {@code baseline}; for a full picture every current entity is changed in every
     * field and nothing is removed.
     */
    void diff(
        final DirectBuffer current,
        final int currentCount,
        final DirectBuffer baseline,
        final int baselineCount,
        final boolean full)
    {
        int changed = 0;
        int removed = 0;
        if (full)
        {
            for (int k = 0; k < currentCount; k++)
            {
                masks[k] = ALL_FIELDS;
            }
            changed = currentCount;
        }
        else
        {
            int b = 0;
            for (int k = 0; k < currentCount; k++)
            {
                final int id = current.getInt(k * ENTITY_LENGTH + ENTITY_ID_OFFSET);
                while (b < baselineCount && baseline.getInt(b * ENTITY_LENGTH + ENTITY_ID_OFFSET) < id)
                {
                    removedIds[removed++] = baseline.getInt(b * ENTITY_LENGTH + ENTITY_ID_OFFSET);
                    b++;
                }
                if (b < baselineCount && baseline.getInt(b * ENTITY_LENGTH + ENTITY_ID_OFFSET) == id)
                {
                    masks[k] = changedFields(current, k * ENTITY_LENGTH, baseline, b * ENTITY_LENGTH);
                    b++;
                }
                else
                {
                    masks[k] = ALL_FIELDS;
                }
                if (0 != masks[k])
                {
                    changed++;
                }
            }
            while (b < baselineCount)
            {
                removedIds[removed++] = baseline.getInt(b * ENTITY_LENGTH + ENTITY_ID_OFFSET);
                b++;
            }
        }
        changedCount = changed;
        removedCount = removed;
    }

    /**
     * Where an encoder of a snapshot's entity group writes one entry; each message type's generated group encoder
     * gets a small adapter (the generated types share a layout, not a type).
     */
    interface EntryWriter
    {
        void entry(int id, EntityKind kind, int mask, float x, float y, float rotation, float vx, float vy,
            short health, int score, int state, int ownerId);
    }

    /**
     * Write every entity of {@code current} that {@link #diff} found changed, with its mask, in order.
     */
    void writeChanged(final DirectBuffer current, final int currentCount, final EntryWriter writer)
    {
        for (int k = 0; k < currentCount; k++)
        {
            final int mask = masks[k];
            if (0 == mask)
            {
                continue;
            }
            final int at = k * ENTITY_LENGTH;
            writer.entry(
                current.getInt(at + ENTITY_ID_OFFSET),
                EntityKind.get((short)current.getInt(at + ENTITY_KIND_OFFSET)),
                mask,
                current.getFloat(at + ENTITY_X_OFFSET),
                current.getFloat(at + ENTITY_Y_OFFSET),
                current.getFloat(at + ENTITY_ROTATION_OFFSET),
                current.getFloat(at + ENTITY_VX_OFFSET),
                current.getFloat(at + ENTITY_VY_OFFSET),
                (short)current.getInt(at + ENTITY_HEALTH_OFFSET),
                current.getInt(at + ENTITY_SCORE_OFFSET),
                current.getInt(at + ENTITY_STATE_OFFSET),
                current.getInt(at + ENTITY_OWNER_OFFSET));
        }
    }

    static int changedFields(final DirectBuffer a, final int aAt, final DirectBuffer b, final int bAt)
    {
        int mask = 0;
        if (a.getInt(aAt + ENTITY_X_OFFSET) != b.getInt(bAt + ENTITY_X_OFFSET) ||
            a.getInt(aAt + ENTITY_Y_OFFSET) != b.getInt(bAt + ENTITY_Y_OFFSET))
        {
            mask |= FIELD_POSITION;
        }
        if (a.getInt(aAt + ENTITY_ROTATION_OFFSET) != b.getInt(bAt + ENTITY_ROTATION_OFFSET))
        {
            mask |= FIELD_ROTATION;
        }
        if (a.getInt(aAt + ENTITY_VX_OFFSET) != b.getInt(bAt + ENTITY_VX_OFFSET) ||
            a.getInt(aAt + ENTITY_VY_OFFSET) != b.getInt(bAt + ENTITY_VY_OFFSET))
        {
            mask |= FIELD_VELOCITY;
        }
        if (a.getInt(aAt + ENTITY_HEALTH_OFFSET) != b.getInt(bAt + ENTITY_HEALTH_OFFSET))
        {
            mask |= FIELD_HEALTH;
        }
        if (a.getInt(aAt + ENTITY_SCORE_OFFSET) != b.getInt(bAt + ENTITY_SCORE_OFFSET))
        {
            mask |= FIELD_SCORE;
        }
        if (a.getInt(aAt + ENTITY_STATE_OFFSET) != b.getInt(bAt + ENTITY_STATE_OFFSET))
        {
            mask |= FIELD_STATE;
        }
        if (a.getInt(aAt + ENTITY_OWNER_OFFSET) != b.getInt(bAt + ENTITY_OWNER_OFFSET))
        {
            mask |= FIELD_OWNER;
        }
        return mask;
    }

    static void applyMask(final EntityFieldsEncoder fields, final int mask)
    {
        fields.clear()
            .position(0 != (mask & FIELD_POSITION))
            .rotation(0 != (mask & FIELD_ROTATION))
            .velocity(0 != (mask & FIELD_VELOCITY))
            .health(0 != (mask & FIELD_HEALTH))
            .score(0 != (mask & FIELD_SCORE))
            .state(0 != (mask & FIELD_STATE))
            .owner(0 != (mask & FIELD_OWNER));
    }
}
