package io.ringside.engine.logic;

import io.ringside.codec.journal.EngineSnapshotEncoder;
import io.ringside.codec.journal.MessageHeaderEncoder;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * Hands an engine snapshot, SBE-encoded as an {@code EngineSnapshot} record of {@code schemas/ringside-journal.xml}, from the logic thread to the journal thread without allocating and without sharing live
 * state: the logic thread writes the full engine state into this buffer at a tick boundary and flags the ring event;
 * the journal stage copies it into its transaction and releases the buffer. The logic thread only writes when the
 * buffer is free; when it is not (the journal is behind by a whole snapshot interval), that snapshot is skipped and
 * counted, never half-overwritten.
 * <p>
 * The state walk is written straight into the record's var data (no copy), then the record's header and fields in
 * front of it; the journal sequence, which only the journal stage knows, is filled in there.
 */
public final class SnapshotExchange
{
    /**
     * Where the state walk starts in the buffer: after the SBE header, the fixed block and the var data length.
     */
    static final int STATE_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + EngineSnapshotEncoder.BLOCK_LENGTH +
        EngineSnapshotEncoder.stateHeaderLength();
    private static final int SEQUENCE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + EngineSnapshotEncoder.sequenceEncodingOffset();

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EngineSnapshotEncoder encoder = new EngineSnapshotEncoder();
    private int length;
    private long stateHash;
    private long tick;
    private volatile boolean held;

    /**
     * Logic thread: may a new snapshot be written?
     */
    public boolean isFree()
    {
        return !held;
    }

    ExpandableDirectByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Logic thread: the state walk of {@code stateLength} bytes is at {@link #STATE_OFFSET}; encode the record
     * around it and let the journal take it.
     */
    void publish(final int stateLength, final long stateHash, final long tick, final int gameCount)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sequence(-1)
            .tick(tick)
            .stateHash(stateHash)
            .gameCount(gameCount);
        buffer.putInt(STATE_OFFSET - EngineSnapshotEncoder.stateHeaderLength(), stateLength, ByteOrder.LITTLE_ENDIAN);
        this.length = STATE_OFFSET + stateLength;
        this.stateHash = stateHash;
        this.tick = tick;
        held = true;
    }

    /**
     * Journal thread: stamp the journal sequence of the event the snapshot was taken on.
     */
    public void sequence(final long journalSequence)
    {
        buffer.putLong(SEQUENCE_OFFSET, journalSequence, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Journal thread: the encoded record, valid until {@link #release()}.
     */
    public ExpandableDirectByteBuffer state()
    {
        return buffer;
    }

    /**
     * @return the length of the encoded record.
     */
    public int length()
    {
        return length;
    }

    public long stateHash()
    {
        return stateHash;
    }

    public long tick()
    {
        return tick;
    }

    /**
     * Journal thread: the snapshot has been copied.
     */
    public void release()
    {
        held = false;
    }
}
