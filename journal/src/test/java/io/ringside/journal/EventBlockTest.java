package io.ringside.journal;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal block layout: every field of every event comes back exactly, whatever its value, and a damaged block
 * is refused rather than read as something else.
 */
class EventBlockTest
{
    private static final long[] EDGES = { 0, 1, -1, 63, 64, -64, -65, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1 };

    /**
     * One event's fields, drawn at random: a third of them an edge value, a third zero, a third anything.
     */
    private record Event(
        long sequence, int type, int templateId, long sessionId, long playerId, long tokenHigh, long tokenLow,
        long seed, long tick, long timeNs, int reason, long correlationId, byte[] payload)
    {
        static Event random(final SplittableRandom random, final long sequence)
        {
            final byte[] payload = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(1, 300)];
            for (int i = 0; i < payload.length; i++)
            {
                payload[i] = (byte)random.nextInt();
            }
            return new Event(sequence, random.nextInt(256), (int)value(random), value(random), value(random),
                value(random), value(random), value(random), value(random), value(random), (int)value(random),
                value(random), payload);
        }

        private static long value(final SplittableRandom random)
        {
            return switch (random.nextInt(3))
            {
                case 0 -> EDGES[random.nextInt(EDGES.length)];
                case 1 -> 0;
                default -> random.nextLong();
            };
        }

        void appendTo(final EventBlock.Encoder encoder)
        {
            encoder.append(sequence, type, templateId, sessionId, playerId, tokenHigh, tokenLow, seed, tick, timeNs,
                reason, correlationId, new UnsafeBuffer(payload), 0, payload.length);
        }

        void assertRead(final JournalReader.Row row)
        {
            assertEquals(sequence, row.sequence);
            assertEquals(type, row.type);
            assertEquals(templateId, row.templateId);
            assertEquals(sessionId, row.sessionId);
            assertEquals(playerId, row.playerId);
            assertEquals(tokenHigh, row.tokenHigh);
            assertEquals(tokenLow, row.tokenLow);
            assertEquals(seed, row.seed);
            assertEquals(tick, row.tick);
            assertEquals(timeNs, row.timeNs);
            assertEquals(reason, row.reason);
            assertEquals(correlationId, row.correlationId);
            assertEquals(payload.length, row.payloadLength);
            for (int i = 0; i < payload.length; i++)
            {
                assertEquals(payload[i], row.payload.getByte(i));
            }
        }
    }

    @Test
    void everyFieldOfEveryEventComesBackExactly()
    {
        final SplittableRandom random = new SplittableRandom(7102);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final EventBlock.Encoder encoder = new EventBlock.Encoder();
        final EventBlock.Decoder decoder = new EventBlock.Decoder();
        final JournalReader.Row row = new JournalReader.Row();
        for (int block = 0; block < 200; block++)
        {
            encoder.reset(buffer);
            final Event[] events = new Event[random.nextInt(1, 100)];
            long sequence = random.nextLong(0, Long.MAX_VALUE / 2);
            for (int i = 0; i < events.length; i++)
            {
                events[i] = Event.random(random, sequence);
                events[i].appendTo(encoder);
                sequence += random.nextInt(3) == 0 ? random.nextLong(1, Long.MAX_VALUE / 1024) : 1;
            }
            assertEquals(events.length, encoder.count());
            assertEquals(events[0].sequence(), encoder.firstSequence());
            assertEquals(events[events.length - 1].sequence(), encoder.lastSequence());

            decoder.wrap(buffer, 0, encoder.length(), encoder.firstSequence(), encoder.count());
            for (final Event event : events)
            {
                assertTrue(decoder.next(row));
                event.assertRead(row);
            }
            assertFalse(decoder.next(row));
        }
    }

    @Test
    void anInputTakesAboutADozenBytesBesidesItsPayload()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final EventBlock.Encoder encoder = new EventBlock.Encoder().reset(buffer);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
        for (int i = 0; i < 1000; i++)
        {
            // an input as the ring carries it: session, player, tick, ingress time; no tokens, seed or reason
            encoder.append(1_000_000 + i, 1, 103, 5000 + i % 100, 9000 + i % 100, 0, 0, 0, 36_000 + i / 100,
                1_000_000_000_000L + i * 16_000L, 0, 0, payload, 0, 32);
        }
        final int perEvent = encoder.length() / 1000 - 32;
        assertTrue(perEvent <= 14, perEvent + " bytes per input besides its payload");
    }

    @Test
    void aBlockCutShortOrWithBytesLeftOverIsRefused()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final EventBlock.Encoder encoder = new EventBlock.Encoder().reset(buffer);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
        encoder.append(10, 1, 103, 1, 2, 0, 0, 0, 3, 4, 0, 0, payload, 0, 16);
        encoder.append(11, 1, 103, 1, 2, 0, 0, 0, 3, 5, 0, 0, payload, 0, 16);
        final JournalReader.Row row = new JournalReader.Row();

        final EventBlock.Decoder cut = new EventBlock.Decoder().wrap(buffer, 0, encoder.length() - 1, 10, 2);
        assertTrue(cut.next(row));
        assertThrows(JournalException.class, () -> cut.next(row));

        final EventBlock.Decoder fewer = new EventBlock.Decoder().wrap(buffer, 0, encoder.length(), 10, 1);
        assertTrue(fewer.next(row));
        assertThrows(JournalException.class, () -> fewer.next(row), "bytes after the events it claims");

        assertThrows(IllegalArgumentException.class,
            () -> encoder.append(11, 1, 103, 1, 2, 0, 0, 0, 3, 5, 0, 0, payload, 0, 16), "sequences only rise");
    }
}
