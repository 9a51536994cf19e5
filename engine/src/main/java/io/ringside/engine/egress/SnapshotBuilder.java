package io.ringside.engine.egress;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a member's Snapshot of the fixed entities its {@link InterestSelector} chose: delta encoding against the
 * entities that member was last shown. Allocation-free.
 */
final class SnapshotBuilder
{
    private final EntityDiff diff;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotEncoder snapshotEncoder = new SnapshotEncoder();
    private final EntityDiff.EntryWriter entryWriter = this::writeEntry;
    private SnapshotEncoder.EntitiesEncoder entities;

    SnapshotBuilder(final int maxSnapshotEntities)
    {
        this.diff = new EntityDiff(maxSnapshotEntities);
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
}
