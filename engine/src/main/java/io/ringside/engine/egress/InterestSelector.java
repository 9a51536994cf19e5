package io.ringside.engine.egress;

import io.ringside.engine.game.SpatialGrid;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.ENTITY_ID_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.ENTITY_X_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.ENTITY_Y_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_ID_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_X_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_Y_OFFSET;

/**
 * Interest management for per-client views: which of a room frame's entities each member sees. The member's own
 * entity always; entities without a position (NaN: a declared game's room state, a scoreboard) always; then those
 * within the game's view radius of the member's own entity, nearest first, up to the cap; every entity when the
 * view is not limited (radius 0). Works on both frame layouts, the fixed entity's and a declared game's records,
 * which keep the id at 0 and the position at 8 and 12. The chosen records are copied, sorted by id, into the
 * client's {@code current}. Owned by one egress thread; allocation-free once a client's buffers have grown to the
 * largest record it was shown.
 */
final class InterestSelector
{
    static
    {
        if (ENTITY_ID_OFFSET != STATE_ENTITY_ID_OFFSET || ENTITY_X_OFFSET != STATE_ENTITY_X_OFFSET ||
            ENTITY_Y_OFFSET != STATE_ENTITY_Y_OFFSET)
        {
            throw new IllegalStateException("the two entity layouts must keep id and position at the same offsets");
        }
    }

    private static final int GRIDS_KEPT = 4;

    private final int maxFrameEntities;
    private final float[] xs;
    private final float[] ys;
    private final boolean[] positioned;
    private final int[] unpositioned;
    private final int[] candidates;
    private final long[] keys;
    private final long[] idIndex;

    /**
     * A grid per view radius seen (rooms of games with different radii interleave), the last ones kept.
     */
    private final SpatialGrid[] grids = new SpatialGrid[GRIDS_KEPT];
    private int nextGridSlot;
    private SpatialGrid grid;
    private DirectBuffer frameBuffer;
    private int entitiesOffset;
    private int entityCount;
    private int recordLength;
    private int unpositionedCount;
    private float viewRadius;
    private long truncatedSelections;

    InterestSelector(final int maxFrameEntities)
    {
        this.maxFrameEntities = maxFrameEntities;
        this.xs = new float[maxFrameEntities];
        this.ys = new float[maxFrameEntities];
        this.positioned = new boolean[maxFrameEntities];
        this.unpositioned = new int[maxFrameEntities];
        this.candidates = new int[maxFrameEntities];
        this.keys = new long[maxFrameEntities];
        this.idIndex = new long[maxFrameEntities];
    }

    /**
     * @return selections that left entities in view out for the cap, since the start.
     */
    long truncatedSelections()
    {
        return truncatedSelections;
    }

    /**
     * Index a frame's entities: ids into a sorted index, positions into a grid when the view is limited.
     *
     * @param recordLength the length of one entity record (the fixed entity's, or the declared game's).
     */
    void beginFrame(
        final DirectBuffer buffer,
        final int entitiesOffset,
        final int entityCount,
        final int recordLength,
        final float viewRadius)
    {
        this.frameBuffer = buffer;
        this.entitiesOffset = entitiesOffset;
        this.entityCount = Math.min(entityCount, maxFrameEntities);
        this.recordLength = recordLength;
        this.viewRadius = viewRadius;

        unpositionedCount = 0;
        for (int i = 0; i < this.entityCount; i++)
        {
            final int at = entitiesOffset + i * recordLength;
            idIndex[i] = ((long)buffer.getInt(at + ENTITY_ID_OFFSET) << 32) | i;
            xs[i] = buffer.getFloat(at + ENTITY_X_OFFSET);
            ys[i] = buffer.getFloat(at + ENTITY_Y_OFFSET);
            positioned[i] = !Float.isNaN(xs[i]);
            if (!positioned[i])
            {
                unpositioned[unpositionedCount++] = i;
            }
        }
        PrimitiveSort.sort(idIndex, 0, this.entityCount);

        if (viewRadius > 0)
        {
            grid = gridFor(viewRadius);
            grid.build(this.entityCount, xs, ys, positioned);
        }
    }

    /**
     * Choose what the member whose entity is {@code observerEntityId} sees, into {@code client.current}, sorted by id.
     *
     * @param cap the most entities the member's view holds.
     * @return the number of entities that were in view but left out for the cap.
     */
    int select(final ClientState client, final int observerEntityId, final int cap)
    {
        final int self = indexOf(observerEntityId);
        int chosen = 0;
        int leftOut = 0;

        if (viewRadius <= 0 || self < 0 || !positioned[self])
        {
            if (self >= 0)
            {
                keys[chosen++] = self;
            }
            for (int i = 0; i < entityCount; i++)
            {
                if (i != self)
                {
                    if (chosen < cap)
                    {
                        keys[chosen++] = i;
                    }
                    else
                    {
                        leftOut++;
                    }
                }
            }
        }
        else
        {
            final float ox = xs[self];
            final float oy = ys[self];
            final float radiusSquared = viewRadius * viewRadius;
            final int found = grid.query(ox, oy, viewRadius, candidates, candidates.length);
            int inView = 0;
            for (int k = 0; k < found; k++)
            {
                final int i = candidates[k];
                if (i == self)
                {
                    continue;
                }
                final float dx = xs[i] - ox;
                final float dy = ys[i] - oy;
                final float distanceSquared = dx * dx + dy * dy;
                if (distanceSquared <= radiusSquared)
                {
                    keys[inView++] = ((long)Float.floatToRawIntBits(distanceSquared) << 32) | i;
                }
            }
            final int always = Math.min(unpositionedCount, cap - 1);
            final int room = cap - 1 - always;
            if (inView > room)
            {
                PrimitiveSort.selectSmallest(keys, inView, room);
                leftOut = inView - room;
                inView = room;
            }
            for (int k = 0; k < inView; k++)
            {
                keys[k] = keys[k] & 0xFFFF_FFFFL;
            }
            keys[inView] = self;
            chosen = inView + 1;
            for (int u = 0; u < unpositionedCount; u++)
            {
                if (u < always)
                {
                    keys[chosen++] = unpositioned[u];
                }
                else
                {
                    leftOut++;
                }
            }
        }

        for (int k = 0; k < chosen; k++)
        {
            final int i = (int)keys[k];
            final int entityId = frameBuffer.getInt(entitiesOffset + i * recordLength + ENTITY_ID_OFFSET);
            keys[k] = ((long)entityId << 32) | i;
        }
        PrimitiveSort.sort(keys, 0, chosen);

        client.recordCapacity(cap * recordLength);
        final UnsafeBuffer current = client.current;
        for (int k = 0; k < chosen; k++)
        {
            final int i = (int)(keys[k] & 0xFFFF_FFFFL);
            current.putBytes(k * recordLength, frameBuffer, entitiesOffset + i * recordLength, recordLength);
        }
        client.currentCount = chosen;

        if (leftOut > 0)
        {
            truncatedSelections++;
        }
        return leftOut;
    }

    /**
     * @return a grid with cells of the radius: one kept from before, or a new one in the oldest slot.
     */
    private SpatialGrid gridFor(final float radius)
    {
        for (final SpatialGrid kept : grids)
        {
            if (null != kept && kept.cellSize() == radius)
            {
                return kept;
            }
        }
        final SpatialGrid made = new SpatialGrid(maxFrameEntities, radius);
        grids[nextGridSlot] = made;
        nextGridSlot = (nextGridSlot + 1) % GRIDS_KEPT;
        return made;
    }

    /**
     * @return the frame index of an entity, by binary search of the frame's sorted ids, or -1.
     */
    private int indexOf(final int entityId)
    {
        int low = 0;
        int high = entityCount - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final int id = (int)(idIndex[middle] >> 32);
            if (id < entityId)
            {
                low = middle + 1;
            }
            else if (id > entityId)
            {
                high = middle - 1;
            }
            else
            {
                return (int)(idIndex[middle] & 0xFFFF_FFFFL);
            }
        }
        return -1;
    }
}
