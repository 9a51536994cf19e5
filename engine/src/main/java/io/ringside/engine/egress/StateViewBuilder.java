package io.ringside.engine.egress;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateViewEncoder;
import io.ringside.codec.sbe.ViewValuesDataEncoder;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateWire;
import org.agrona.MutableDirectBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.STATE_ENTITY_VALUES_OFFSET;

/**
 * Encodes a member's StateView of the declared-state records its {@link InterestSelector} chose: delta encoding
 * against the records that member was last shown ({@link StateDiff}). The per-client counterpart of the room
 * stream's RoomState, for rooms too big to broadcast. Allocation-free.
 */
final class StateViewBuilder
{
    private final StateDiff diff;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final StateViewEncoder encoder = new StateViewEncoder();

    /**
     * @param maxEntities the most entities a member's view holds.
     */
    StateViewBuilder(final int maxEntities)
    {
        this.diff = new StateDiff(maxEntities, ViewValuesDataEncoder.lengthMaxValue());
    }

    /**
     * @return the most entities of records {@code recordLength} long whose every field fits a StateView of
     * {@code maxMessageLength} bytes with up to {@code maxEntities} removals; at least 1.
     */
    static int entityBudget(final int maxMessageLength, final int maxEntities, final int recordLength)
    {
        final int fixed = MessageHeaderEncoder.ENCODED_LENGTH + StateViewEncoder.BLOCK_LENGTH +
            ProtocolLimits.GROUP_HEADER_LENGTH + maxEntities * StateViewEncoder.RemovedEntitiesEncoder.sbeBlockLength() +
            StateViewEncoder.entitiesHeaderLength();
        final int bytes = Math.min(ViewValuesDataEncoder.lengthMaxValue(), maxMessageLength - fixed);
        final int entry = StateWire.ENTRY_HEADER_LENGTH + recordLength - STATE_ENTITY_VALUES_OFFSET;
        return Math.max(1, Math.min(maxEntities, bytes / entry));
    }

    /**
     * Encode the member's view of {@code client.current}: FULL when the client needs one, otherwise a DELTA against
     * {@code client.baseline}.
     *
     * @return the encoded length, header included.
     */
    int encode(
        final ClientState client,
        final StateSchema schema,
        final int recordLength,
        final MutableDirectBuffer out,
        final long sequence,
        final long tick,
        final long timeNs,
        final long roomId,
        final long lastInputSequence,
        final long lastInputTimeNs)
    {
        final boolean full = client.needsFull;
        diff.diff(schema, recordLength, client.current, client.currentCount, client.baseline, client.baselineCount,
            full);

        final StateViewEncoder e = encoder.wrapAndApplyHeader(out, 0, headerEncoder);
        e.sequence(sequence).tick(tick).serverTimeNs(timeNs).roomId(roomId).lastInputSequence(lastInputSequence)
            .lastInputClientTimestampNs(lastInputTimeNs).snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA)
            .baselineSequence(full ? 0 : client.lastSnapshotSequence)
            .skippedCount(Math.min(client.skippedSinceDelivered, 0xFFFF_FFFFL));
        final StateViewEncoder.RemovedEntitiesEncoder removed = e.removedEntitiesCount(diff.removedCount);
        for (int r = 0; r < diff.removedCount; r++)
        {
            removed.next().entityId(diff.removedIds[r]);
        }
        e.putEntities(diff.values, 0, diff.valuesLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
