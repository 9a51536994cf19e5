package io.ringside.engine.logic;

import io.ringside.engine.support.LincheckRuns;
import org.agrona.ExpandableDirectByteBuffer;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine-snapshot hand-off from the logic thread (it writes the state walk and publishes) to the journal thread
 * (it copies the record and releases the buffer), checked by Lincheck under stress and by model checking: the journal
 * never reads a snapshot half written or overwritten, and the logic never writes into one the journal still holds.
 * The exchange holds one snapshot, so it is full whenever one is held: the tight shape of {@link LincheckRuns}.
 */
@Tag("lincheck") // runs in a JVM of its own: see the engine pom
public class SnapshotExchangeLincheckTest
{
    private static final int STATE_LENGTH = 256;

    private final SnapshotExchange exchange = new SnapshotExchange();

    /**
     * The logic thread at a snapshot tick: a state walk whose every byte is {@code value}.
     *
     * @return false when the journal still holds the last one (the engine skips and counts this snapshot).
     */
    @Operation(nonParallelGroup = "logic")
    public boolean take(final int value)
    {
        if (!exchange.isFree())
        {
            return false;
        }
        exchange.buffer().setMemory(SnapshotExchange.STATE_OFFSET, STATE_LENGTH, (byte)value);
        exchange.publish(STATE_LENGTH, value, value, 1);
        return true;
    }

    /**
     * The journal thread: copy the snapshot, if one is held, and release it.
     */
    @Operation(nonParallelGroup = "journal")
    public String copy()
    {
        if (exchange.isFree())
        {
            return "none";
        }
        final ExpandableDirectByteBuffer state = exchange.state();
        final long hash = exchange.stateHash();
        // the walk's first, middle and last eight bytes (a loop over every byte would look like a hung thread)
        final long pattern = 0x0101010101010101L * (hash & 0xFF);
        final int at = SnapshotExchange.STATE_OFFSET;
        final boolean whole = exchange.length() == at + STATE_LENGTH && hash == exchange.tick() &&
            pattern == state.getLong(at) && pattern == state.getLong(at + STATE_LENGTH / 2) &&
            pattern == state.getLong(at + STATE_LENGTH - 8);
        exchange.release();
        return whole ? Long.toString(hash) : "TORN";
    }

    /**
     * What the exchange must do, one operation at a time: hold at most one snapshot.
     */
    public static final class Model
    {
        private boolean held;
        private int value;

        public boolean take(final int value)
        {
            if (held)
            {
                return false;
            }
            held = true;
            this.value = value;
            return true;
        }

        public String copy()
        {
            if (!held)
            {
                return "none";
            }
            held = false;
            return Long.toString(value);
        }
    }

    @Test
    void isLinearizableUnderStress()
    {
        LincheckRuns.tightStress().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableInEveryInterleavingModelChecked()
    {
        LincheckRuns.tightModelChecking().sequentialSpecification(Model.class).check(getClass());
    }
}
