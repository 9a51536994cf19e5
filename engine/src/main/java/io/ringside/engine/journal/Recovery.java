package io.ringside.engine.journal;

import io.ringside.codec.journal.EngineSnapshotDecoder;
import io.ringside.codec.journal.MessageHeaderDecoder;
import io.ringside.engine.logic.BufferStateReader;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Rebuilds the engine's state from the journal: the latest engine snapshot at or before a sequence (its state hash
 * checked as it is loaded), then every journal row after it, fed through the same logic handler in order, with the
 * output going nowhere (egress is muted: clients of the previous run are gone). Runs before the pipeline starts, on
 * the thread that builds it, which is then the only one touching the logic handler.
 */
public final class Recovery
{
    /**
     * What recovery found and did.
     *
     * @param snapshotSequence journal sequence of the snapshot loaded, or -1 when replay started from the beginning.
     * @param replayedEvents   journal events replayed after it.
     * @param lastSequence     the last journal sequence applied, or -1 for an empty journal.
     * @param tick             the logic handler's tick afterwards.
     * @param stateHash        the state hash afterwards.
     * @param durationNs       how long it took.
     */
    public record Result(
        long snapshotSequence, long replayedEvents, long lastSequence, long tick, long stateHash, long durationNs)
    {
        public String toString()
        {
            return (snapshotSequence < 0 ? "no snapshot" : "snapshot at sequence " + snapshotSequence) +
                ", replayed " + replayedEvents + " journal events to sequence " + lastSequence + " (tick " + tick +
                ", state hash " + String.format("%016x", stateHash) + ") in " + (durationNs / 1_000_000) + " ms";
        }
    }

    /**
     * The metadata key under which the journal records the settings that decide what state its events lead to.
     */
    public static final String SIMULATION_SETTINGS_KEY = "simulation.settings";

    private Recovery()
    {
    }

    /**
     * Refuse to rebuild state from a journal written with other simulation settings: replaying it would reach
     * another state without a word. A journal that records none (empty, or from before they were recorded) is
     * accepted.
     *
     * @throws IllegalStateException naming both settings, when they differ.
     */
    public static void checkSimulationSettings(final JournalReader reader, final GameLogicHandler logic)
    {
        final String recorded = reader.metadata(SIMULATION_SETTINGS_KEY);
        final String current = logic.simulationSettings();
        if (null != recorded && !recorded.equals(current))
        {
            throw new IllegalStateException("the journal was written with other simulation settings, and replaying " +
                "it with these would not reach the state it recorded; start with the settings it was written with, " +
                "or with another journal (--db)\n  journal: " + recorded + "\n  engine:  " + current);
        }
    }

    /**
     * Decode the EngineSnapshot record of a snapshot row and check it against the row.
     *
     * @return a view of the state walk inside it.
     */
    static UnsafeBuffer stateOf(final JournalReader.Snapshot snapshot)
    {
        final UnsafeBuffer record = new UnsafeBuffer(snapshot.state());
        if (record.capacity() < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalStateException("engine snapshot at sequence " + snapshot.sequence() + " is truncated");
        }
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(record, 0);
        if (EngineSnapshotDecoder.SCHEMA_ID != header.schemaId() ||
            EngineSnapshotDecoder.TEMPLATE_ID != header.templateId() ||
            header.version() > EngineSnapshotDecoder.SCHEMA_VERSION)
        {
            throw new IllegalStateException("engine snapshot at sequence " + snapshot.sequence() + " is schema " +
                header.schemaId() + " template " + header.templateId() + " version " + header.version() +
                ", this build reads schema " + EngineSnapshotDecoder.SCHEMA_ID + " up to version " +
                EngineSnapshotDecoder.SCHEMA_VERSION);
        }
        final EngineSnapshotDecoder decoder = new EngineSnapshotDecoder()
            .wrap(record, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        if (decoder.sequence() != snapshot.sequence() || decoder.stateHash() != snapshot.stateHash() ||
            decoder.tick() != snapshot.tick())
        {
            throw new IllegalStateException("engine snapshot at sequence " + snapshot.sequence() +
                " disagrees with its row: record says sequence " + decoder.sequence() + ", tick " + decoder.tick());
        }
        final UnsafeBuffer state = new UnsafeBuffer(0, 0);
        decoder.wrapState(state);
        return state;
    }

    /**
     * Recover everything the journal holds.
     */
    public static Result recover(final JournalReader reader, final GameLogicHandler logic, final OutputLog output)
    {
        return recover(reader, logic, output, Long.MAX_VALUE);
    }

    /**
     * Recover the state as of journal sequence {@code toSequence} (inclusive).
     *
     * @throws IllegalStateException when the journal was written with other simulation settings, or a snapshot's
     *                               state does not hash to the hash stored with it.
     */
    public static Result recover(
        final JournalReader reader, final GameLogicHandler logic, final OutputLog output, final long toSequence)
    {
        final long startNs = System.nanoTime();
        checkSimulationSettings(reader, logic);
        final JournalReader.Snapshot snapshot = reader.snapshotAtOrBefore(toSequence);
        long from = -1;
        if (null != snapshot)
        {
            final BufferStateReader in = new BufferStateReader();
            final UnsafeBuffer state = stateOf(snapshot);
            in.wrap(state, 0, state.capacity());
            logic.readState(in);
            if (0 != in.remaining())
            {
                throw new IllegalStateException("engine snapshot at sequence " + snapshot.sequence() + " has " +
                    in.remaining() + " bytes more than the engine reads: saved by another version?");
            }
            final long hash = logic.stateHash();
            if (hash != snapshot.stateHash())
            {
                throw new IllegalStateException(String.format(
                    "engine snapshot at sequence %d restores to state hash %016x, it was saved with %016x",
                    snapshot.sequence(), hash, snapshot.stateHash()));
            }
            from = snapshot.sequence();
        }

        final EngineEvent event = new EngineEvent();
        final long[] last = { from };
        final long replayed = reader.readEvents(from, toSequence, row ->
        {
            event.reset();
            event.type = row.type;
            event.templateId = row.templateId;
            event.sessionId = row.sessionId;
            event.playerId = row.playerId;
            event.tokenHigh = row.tokenHigh;
            event.tokenLow = row.tokenLow;
            event.seed = row.seed;
            event.tick = row.tick;
            event.timeNs = row.timeNs;
            event.reason = row.reason;
            event.correlationId = row.correlationId;
            event.payloadLength = row.payloadLength;
            if (row.payloadLength > 0)
            {
                event.payload.putBytes(0, row.payload, 0, row.payloadLength);
            }
            logic.onEvent(event, row.sequence, true);
            output.discardTo(event.outputEnd);
            last[0] = row.sequence;
            return true;
        });

        return new Result(null == snapshot ? -1 : snapshot.sequence(), replayed, last[0], logic.tick(),
            logic.stateHash(), System.nanoTime() - startNs);
    }
}
