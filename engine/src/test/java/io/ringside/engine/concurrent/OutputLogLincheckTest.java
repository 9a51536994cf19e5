package io.ringside.engine.concurrent;

import com.lmax.disruptor.Sequence;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputRecordDescriptor;
import io.ringside.engine.support.LincheckRuns;
import org.agrona.concurrent.UnsafeBuffer;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The output log between the logic thread (its one writer) and a reader (egress, the journal), checked by Lincheck
 * for linearizability against a {@link Model} of what it must do, under stress and by model checking (see
 * {@link LincheckRuns} for the roomy and tight shapes). Records are large against the log, so the writer wraps with
 * padding and finds the log full, and a torn or overwritten record would be read as such. The writer publishes how
 * far it wrote the way a ring slot does (a volatile store the reader loads before reading), and the reader frees space
 * through its {@link Sequence}, as in the engine.
 */
@Tag("lincheck") // runs in a JVM of its own: see the engine pom
public class OutputLogLincheckTest
{
    private static final int TYPE = 1;

    private static volatile boolean roomy;

    /**
     * Records are large against the log: tight, two fill it (4 KiB); roomy, a few dozen fit (16 KiB).
     */
    private final int bodyLength = roomy ? 1_000 : 2_000;

    private final OutputLog log = new OutputLog(roomy ? 16 * 1024 : 4 * 1024);
    private final UnsafeBuffer buffer = log.buffer();
    private final Sequence consumed = log.addConsumer();
    private final AtomicLong published = new AtomicLong();

    public OutputLogLincheckTest()
    {
        if (roomy)
        {
            // start just short of the end, so that the scenario's records wrap
            while (log.position() < log.capacity() - 2_500)
            {
                log.commit(log.tryClaim(TYPE, bodyLength), bodyLength);
            }
            published.set(log.position());
            consumed.set(log.position());
        }
    }

    /**
     * The logic thread: one record whose every body byte is {@code value}.
     *
     * @return false when the reader has not freed the space yet (the engine's writer then waits).
     */
    @Operation(nonParallelGroup = "writer")
    public boolean append(final int value)
    {
        final int index = log.tryClaim(TYPE, bodyLength);
        if (index < 0)
        {
            return false;
        }
        buffer.setMemory(index, bodyLength, (byte)value);
        log.commit(index, bodyLength);
        published.set(log.position());
        return true;
    }

    /**
     * A reader: every record published since the last read, in order.
     */
    @Operation(nonParallelGroup = "reader")
    public String take()
    {
        final long to = published.get();
        final StringBuilder values = new StringBuilder();
        log.read(consumed.get(), to, (type, buffer, offset, length) ->
        {
            // the record's first, middle and last eight bytes: a torn or overwritten record shows in one of them (a
            // loop over every byte would look to the model checker like a thread that never ends)
            final byte first = buffer.getByte(offset);
            final long pattern = 0x0101010101010101L * (first & 0xFF);
            final boolean whole = TYPE == type && bodyLength == length && pattern == buffer.getLong(offset) &&
                pattern == buffer.getLong(offset + length / 2) && pattern == buffer.getLong(offset + length - 8);
            values.append(whole ? Byte.toString(first) : "TORN").append(' ');
        });
        consumed.set(to);
        return values.toString();
    }

    /**
     * What the log must do, one operation at a time, without a buffer: records are values in a queue, and the log is
     * full exactly when a record (with the padding a wrap needs) would reach past what the reader has consumed.
     * Checking against this, not against the log run sequentially, also catches a log that is wrong on one thread.
     */
    public static final class Model
    {
        private final int capacity = roomy ? 16 * 1024 : 4 * 1024;
        private final int recordLength =
            OutputRecordDescriptor.align(OutputRecordDescriptor.HEADER_LENGTH + (roomy ? 1_000 : 2_000));
        private final ArrayDeque<Integer> unread = new ArrayDeque<>();
        private long tail;
        private long consumed;

        public Model()
        {
            if (roomy)
            {
                while (tail < capacity - 2_500)
                {
                    tail += recordLength;
                }
                consumed = tail;
            }
        }

        public boolean append(final int value)
        {
            final int toEnd = capacity - (int)(tail % capacity);
            final int required = recordLength > toEnd ? recordLength + toEnd : recordLength;
            if (tail + required - capacity > consumed)
            {
                return false;
            }
            tail += required;
            unread.add(value);
            return true;
        }

        public String take()
        {
            final StringBuilder values = new StringBuilder();
            for (final int value : unread)
            {
                values.append((byte)value).append(' ');
            }
            unread.clear();
            consumed = tail;
            return values.toString();
        }
    }

    @Test
    void isLinearizableWrappingAroundUnderStress()
    {
        roomy = true;
        LincheckRuns.roomyStress().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableWrappingAroundInEveryInterleavingModelChecked()
    {
        roomy = true;
        LincheckRuns.roomyModelChecking().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableWhenFullUnderStress()
    {
        roomy = false;
        LincheckRuns.tightStress().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableWhenFullInEveryInterleavingModelChecked()
    {
        roomy = false;
        LincheckRuns.tightModelChecking().sequentialSpecification(Model.class).check(getClass());
    }
}
