package io.ringside.engine.egress;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.game.SpatialGrid;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Turns one room frame into each member's snapshot: interest management (the entities within the game's view
 * radius of the member's own entity, nearest first, at most {@code maxSnapshotEntities}, the member's own entity
 * always included) and delta encoding against the entities that member was last shown. Allocation-free.
 */
final class SnapshotBuilder
{
    private final int maxFrameEntities;
    private final int maxSnapshotEntities;
    private final float[] xs;
    private final float[] ys;
    private final int[] candidates;
    private final long[] keys;
    private final EntityDiff diff;
    private final long[] idIndex;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotEncoder snapshotEncoder = new SnapshotEncoder();
    private final EntityDiff.EntryWriter entryWriter = this::writeEntry;
    private SnapshotEncoder.EntitiesEncoder entities;

    private SpatialGrid grid;
    private DirectBuffer frameBuffer;
    private int entitiesOffset;
    private int entityCount;
    private float viewRadius;
    private long truncatedSelections;

    SnapshotBuilder(final int maxFrameEntities, final int maxSnapshotEntities)
    {
        this.maxFrameEntities = maxFrameEntities;
        this.maxSnapshotEntities = maxSnapshotEntities;
        this.xs = new float[maxFrameEntities];
        this.ys = new float[maxFrameEntities];
        this.candidates = new int[maxFrameEntities];
        this.keys = new long[maxFrameEntities];
        this.diff = new EntityDiff(maxSnapshotEntities);
        this.idIndex = new long[maxFrameEntities];
    }

    long truncatedSelections()
    {
        return truncatedSelections;
    }

    /**
     * Index a frame's entities (positions into a grid when the view is limited, ids into a map).
     */
    void beginFrame(final DirectBuffer buffer, final int frameOffset)
    {
        frameBuffer = buffer;
        entitiesOffset = frameOffset + FRAME_ENTITIES_OFFSET;
        entityCount = Math.min(buffer.getInt(frameOffset + FRAME_ENTITY_COUNT_OFFSET), maxFrameEntities);
        viewRadius = buffer.getFloat(frameOffset + FRAME_VIEW_RADIUS_OFFSET);

        for (int i = 0; i < entityCount; i++)
        {
            final int at = entitiesOffset + i * ENTITY_LENGTH;
            idIndex[i] = ((long)buffer.getInt(at + ENTITY_ID_OFFSET) << 32) | i;
            xs[i] = buffer.getFloat(at + ENTITY_X_OFFSET);
            ys[i] = buffer.getFloat(at + ENTITY_Y_OFFSET);
        }
        PrimitiveSort.sort(idIndex, 0, entityCount);

        if (viewRadius > 0)
        {
            if (null == grid || grid.cellSize() != viewRadius)
            {
                grid = new SpatialGrid(maxFrameEntities, viewRadius);
            }
            grid.build(entityCount, xs, ys, null);
        }
    }

    /**
     * Choose what the member whose entity is {@code observerEntityId} sees, into {@code client.current}, sorted by id.
     *
     * @return the number of entities that were in view but left out for the cap.
     */
    int select(final ClientState client, final int observerEntityId)
    {
        final int self = indexOf(observerEntityId);
        final int cap = maxSnapshotEntities;
        int chosen = 0;
        int leftOut = 0;

        if (viewRadius <= 0 || self < 0)
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
            if (inView > cap - 1)
            {
                PrimitiveSort.selectSmallest(keys, inView, cap - 1);
                leftOut = inView - (cap - 1);
                inView = cap - 1;
            }
            for (int k = 0; k < inView; k++)
            {
                keys[k] = keys[k] & 0xFFFF_FFFFL;
            }
            keys[inView] = self;
            chosen = inView + 1;
        }

        for (int k = 0; k < chosen; k++)
        {
            final int i = (int)keys[k];
            final int entityId = frameBuffer.getInt(entitiesOffset + i * ENTITY_LENGTH + ENTITY_ID_OFFSET);
            keys[k] = ((long)entityId << 32) | i;
        }
        PrimitiveSort.sort(keys, 0, chosen);

        final UnsafeBuffer current = client.current;
        for (int k = 0; k < chosen; k++)
        {
            final int i = (int)(keys[k] & 0xFFFF_FFFFL);
            current.putBytes(k * ENTITY_LENGTH, frameBuffer, entitiesOffset + i * ENTITY_LENGTH, ENTITY_LENGTH);
        }
        client.currentCount = chosen;

        if (leftOut > 0)
        {
            truncatedSelections++;
        }
        return leftOut;
    }

    /**
     * Encode the member's snapshot of {@code client.current}: FULL when the client needs one, otherwise a DELTA
     * against {@code client.baseline}.
     *
     * @return the encoded length, header included.
     */
    int encode(
        final ClientState client,
        final MutableDirectBuffer out,
        final long sequence,
        final long tick,
        final long timeNs,
        final long roomId,
        final long lastInputSequence,
        final long lastInputTimeNs)
    {
        final boolean full = client.needsFull;
        final UnsafeBuffer current = client.current;
        final int currentCount = client.currentCount;
        diff.diff(current, currentCount, client.baseline, client.baselineCount, full);
        final int changed = diff.changedCount;
        final int removed = diff.removedCount;
        final int[] removedIds = diff.removedIds;

        final SnapshotEncoder e = snapshotEncoder.wrapAndApplyHeader(out, 0, headerEncoder);
        e.sequence(sequence).tick(tick).serverTimeNs(timeNs).roomId(roomId).lastInputSequence(lastInputSequence)
            .lastInputClientTimestampNs(lastInputTimeNs).snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA)
            .baselineSequence(full ? 0 : client.lastSnapshotSequence)
            .skippedCount(client.skippedSinceDelivered > 0xFFFF_FFFFL ? 0xFFFF_FFFFL : client.skippedSinceDelivered);

        entities = e.entitiesCount(changed);
        diff.writeChanged(current, currentCount, entryWriter);

        final SnapshotEncoder.RemovedEntitiesEncoder removedEntities = e.removedEntitiesCount(removed);
        for (int r = 0; r < removed; r++)
        {
            removedEntities.next().entityId(removedIds[r]);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private void writeEntry(
        final int id, final EntityKind kind, final int mask, final float x, final float y, final float rotation,
        final float vx, final float vy, final short health, final int score, final int state, final int ownerId)
    {
        entities.next().entityId(id).kind(kind);
        EntityDiff.applyMask(entities.changedFields(), mask);
        entities.x(x).y(y).rotation(rotation).vx(vx).vy(vy).health(health).score(score).state(state).ownerId(ownerId);
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
