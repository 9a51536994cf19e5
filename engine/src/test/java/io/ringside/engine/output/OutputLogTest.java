package io.ringside.engine.output;

import com.lmax.disruptor.Sequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLogTest
{
    @Test
    void recordsWrapWithPaddingAndReadBackInOrder()
    {
        final OutputLog log = new OutputLog(4096);
        final Sequence reader = log.addConsumer();
        final List<Integer> seen = new ArrayList<>();
        long readFrom = 0;

        for (int i = 0; i < 1000; i++)
        {
            final long start = log.position();
            final int index = log.tryClaim(OutputRecordDescriptor.SEND, 100 + (i % 7) * 13);
            assertTrue(index >= 0, "space was freed by the reader");
            log.buffer().putInt(index, i);
            log.commit(index, 4);
            log.read(readFrom, log.position(), (type, buffer, offset, length) -> seen.add(buffer.getInt(offset)));
            readFrom = log.position();
            reader.set(readFrom);
            assertTrue(log.position() > start);
        }

        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, seen.get(i));
        }
        assertTrue(log.position() > 4 * 4096, "wrapped several times");
    }

    @Test
    void theWriterNeverOverwritesWhatAReaderHasNotConsumed()
    {
        final OutputLog log = new OutputLog(4096);
        final Sequence slow = log.addConsumer();
        final Sequence fast = log.addConsumer();

        int claimed = 0;
        while (log.tryClaim(OutputRecordDescriptor.SEND, 500) >= 0)
        {
            claimed++;
        }
        assertEquals(8, claimed, "4096 bytes hold eight 504-byte records");

        fast.set(log.position());
        assertEquals(-1, log.tryClaim(OutputRecordDescriptor.SEND, 500), "the slowest reader gates");
        slow.set(512);
        assertTrue(log.tryClaim(OutputRecordDescriptor.SEND, 500) >= 0);
    }

    @Test
    void commitShrinksTheLastRecord()
    {
        final OutputLog log = new OutputLog(4096);
        final int index = log.tryClaim(OutputRecordDescriptor.SEND, 1000);
        log.commit(index, 10);
        assertEquals(24, log.position(), "8-byte header + 10 bytes, aligned to 8");
    }

    @Test
    void recordsLongerThanHalfTheLogAreRefused()
    {
        final OutputLog log = new OutputLog(4096);
        assertThrows(IllegalArgumentException.class, () -> log.tryClaim(OutputRecordDescriptor.ROOM_FRAME, 3000));
    }
}
