package io.ringside.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The layout of one {@code journal_block} row's {@code events} blob: the events of one transaction, in journal
 * sequence order, each a run of variable-length fields, so that a commit binds one value per block instead of
 * thirteen per event. Most of an event's fields are zero for most events (tokens and seeds belong to connects, a tick
 * carries no session), and sequences, ticks and times move by small steps, so an input costs about a dozen bytes
 * besides its payload.
 * <pre>
 *   per event:
 *     varint   sequence - previous sequence   (the first: sequence - the block's first_sequence, so 0)
 *     byte     type
 *     varint   templateId
 *     byte     presence: bit 0 sessionId, 1 playerId, 2 tokenHigh, 3 tokenLow, 4 seed, 5 reason, 6 correlationId,
 *              7 payload; an absent field is 0 (an absent payload is empty)
 *     zvarint  tick - previous tick           (previous starts at 0 in each block)
 *     zvarint  timeNs - previous timeNs        (previous starts at 0 in each block)
 *     zvarint  each present field of bits 0 to 6, in that order
 *     varint   payload length, then its bytes  (when bit 7)
 * </pre>
 * A varint is unsigned LEB128 (7 bits a byte, low first, the high bit set on all but the last byte); a zvarint is a
 * signed value zigzag-mapped first ({@code (v << 1) ^ (v >> 63)}), so small negatives stay short. A block decodes on
 * its own, without its neighbours. {@link #FORMAT} is stored beside each block; a reader refuses one it does not know.
 */
public final class EventBlock
{
    /**
     * The layout above; stored in {@code journal_block.format}.
     */
    public static final int FORMAT = 1;

    private static final int SESSION = 1;
    private static final int PLAYER = 1 << 1;
    private static final int TOKEN_HIGH = 1 << 2;
    private static final int TOKEN_LOW = 1 << 3;
    private static final int SEED = 1 << 4;
    private static final int REASON = 1 << 5;
    private static final int CORRELATION = 1 << 6;
    private static final int PAYLOAD = 1 << 7;

    private EventBlock()
    {
    }

    /**
     * Appends events to a block. Owned by the journal thread; reused across blocks after {@link #reset}.
     */
    public static final class Encoder
    {
        private MutableDirectBuffer buffer;
        private int length;
        private int count;
        private long firstSequence;
        private long lastSequence;
        private long lastTick;
        private long lastTimeNs;

        /**
         * Start a new, empty block written into {@code buffer} from offset 0; the buffer must be expandable or large
         * enough for everything appended.
         */
        public Encoder reset(final MutableDirectBuffer buffer)
        {
            this.buffer = buffer;
            length = 0;
            count = 0;
            lastTick = 0;
            lastTimeNs = 0;
            return this;
        }

        /**
         * @param sequence higher than the last one appended to this block.
         */
        public void append(
            final long sequence,
            final int type,
            final int templateId,
            final long sessionId,
            final long playerId,
            final long tokenHigh,
            final long tokenLow,
            final long seed,
            final long tick,
            final long timeNs,
            final int reason,
            final long correlationId,
            final DirectBuffer payload,
            final int payloadOffset,
            final int payloadLength)
        {
            if (0 == count)
            {
                firstSequence = sequence;
                lastSequence = sequence;
            }
            else if (sequence <= lastSequence)
            {
                throw new IllegalArgumentException("sequence " + sequence + " after " + lastSequence);
            }
            if (type < 0 || type > 0xFF)
            {
                throw new IllegalArgumentException("type " + type + " does not fit a byte");
            }

            final int presence = (0 != sessionId ? SESSION : 0) | (0 != playerId ? PLAYER : 0) |
                (0 != tokenHigh ? TOKEN_HIGH : 0) | (0 != tokenLow ? TOKEN_LOW : 0) | (0 != seed ? SEED : 0) |
                (0 != reason ? REASON : 0) | (0 != correlationId ? CORRELATION : 0) |
                (payloadLength > 0 ? PAYLOAD : 0);

            int at = length;
            at = putVarint(buffer, at, sequence - lastSequence);
            buffer.putByte(at++, (byte)type);
            at = putVarint(buffer, at, templateId & 0xFFFF_FFFFL);
            buffer.putByte(at++, (byte)presence);
            at = putVarint(buffer, at, zigzag(tick - lastTick));
            at = putVarint(buffer, at, zigzag(timeNs - lastTimeNs));
            at = 0 != (presence & SESSION) ? putVarint(buffer, at, zigzag(sessionId)) : at;
            at = 0 != (presence & PLAYER) ? putVarint(buffer, at, zigzag(playerId)) : at;
            at = 0 != (presence & TOKEN_HIGH) ? putVarint(buffer, at, zigzag(tokenHigh)) : at;
            at = 0 != (presence & TOKEN_LOW) ? putVarint(buffer, at, zigzag(tokenLow)) : at;
            at = 0 != (presence & SEED) ? putVarint(buffer, at, zigzag(seed)) : at;
            at = 0 != (presence & REASON) ? putVarint(buffer, at, zigzag(reason)) : at;
            at = 0 != (presence & CORRELATION) ? putVarint(buffer, at, zigzag(correlationId)) : at;
            if (0 != (presence & PAYLOAD))
            {
                at = putVarint(buffer, at, payloadLength);
                buffer.putBytes(at, payload, payloadOffset, payloadLength);
                at += payloadLength;
            }

            length = at;
            count++;
            lastSequence = sequence;
            lastTick = tick;
            lastTimeNs = timeNs;
        }

        public int count()
        {
            return count;
        }

        /**
         * @return bytes written so far, from offset 0.
         */
        public int length()
        {
            return length;
        }

        public long firstSequence()
        {
            return firstSequence;
        }

        public long lastSequence()
        {
            return lastSequence;
        }
    }

    /**
     * Walks a block's events into a {@link JournalReader.Row}, one at a time; the row's payload is a view of the
     * block.
     */
    public static final class Decoder
    {
        private DirectBuffer buffer;
        private int offset;
        private int limit;
        private int remaining;
        private long sequence;
        private long tick;
        private long timeNs;

        /**
         * @param count events in the block, as stored beside it.
         */
        public Decoder wrap(
            final DirectBuffer buffer, final int offset, final int length, final long firstSequence, final int count)
        {
            if (count < 0 || length < 0)
            {
                throw new JournalException("journal block at sequence " + firstSequence + " claims " + count +
                    " events in " + length + " bytes");
            }
            this.buffer = buffer;
            this.offset = offset;
            this.limit = offset + length;
            this.remaining = count;
            this.sequence = firstSequence;
            this.tick = 0;
            this.timeNs = 0;
            return this;
        }

        /**
         * @return false when the block has no more events; throws {@link JournalException} on a block that ends
         * early or runs past its events.
         */
        public boolean next(final JournalReader.Row row)
        {
            if (0 == remaining)
            {
                if (offset != limit)
                {
                    throw new JournalException("journal block has " + (limit - offset) + " bytes after its last event");
                }
                return false;
            }

            sequence += varint();
            final int type = byteAt();
            final long templateId = varint();
            final int presence = byteAt();
            tick += unzigzag(varint());
            timeNs += unzigzag(varint());

            row.sequence = sequence;
            row.type = type;
            row.templateId = (int)templateId;
            row.tick = tick;
            row.timeNs = timeNs;
            row.sessionId = 0 != (presence & SESSION) ? unzigzag(varint()) : 0;
            row.playerId = 0 != (presence & PLAYER) ? unzigzag(varint()) : 0;
            row.tokenHigh = 0 != (presence & TOKEN_HIGH) ? unzigzag(varint()) : 0;
            row.tokenLow = 0 != (presence & TOKEN_LOW) ? unzigzag(varint()) : 0;
            row.seed = 0 != (presence & SEED) ? unzigzag(varint()) : 0;
            row.reason = 0 != (presence & REASON) ? (int)unzigzag(varint()) : 0;
            row.correlationId = 0 != (presence & CORRELATION) ? unzigzag(varint()) : 0;
            if (0 != (presence & PAYLOAD))
            {
                final long payloadLength = varint();
                if (payloadLength < 0 || payloadLength > limit - offset)
                {
                    throw new JournalException("journal block event at sequence " + sequence + " claims a payload of " +
                        payloadLength + " bytes, " + (limit - offset) + " left");
                }
                row.payload.wrap(buffer, offset, (int)payloadLength);
                row.payloadLength = (int)payloadLength;
                offset += (int)payloadLength;
            }
            else
            {
                row.payload.wrap(buffer, offset, 0);
                row.payloadLength = 0;
            }
            remaining--;
            return true;
        }

        private int byteAt()
        {
            checkAvailable();
            return buffer.getByte(offset++) & 0xFF;
        }

        private long varint()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                checkAvailable();
                final int b = buffer.getByte(offset++);
                value |= (long)(b & 0x7F) << shift;
                if (b >= 0)
                {
                    return value;
                }
            }
            throw new JournalException("journal block varint longer than 10 bytes at sequence " + sequence);
        }

        private void checkAvailable()
        {
            if (offset >= limit)
            {
                throw new JournalException("journal block ends inside an event after sequence " + sequence + " (" +
                    remaining + " events still to come)");
            }
        }
    }

    static int putVarint(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        int at = offset;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer.putByte(at++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(at++, (byte)v);
        return at;
    }

    static long zigzag(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(final long value)
    {
        return (value >>> 1) ^ -(value & 1);
    }
}
