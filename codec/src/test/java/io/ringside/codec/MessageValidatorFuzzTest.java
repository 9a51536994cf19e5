package io.ringside.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded mutation and random-bytes test over the validating entry point. One million cases, each starting from a
 * valid message of the corpus (every message type, var fields and groups both empty and full) or from pure random
 * bytes, with one to four mutations: bit flips, random bytes, interesting 16-bit values at random places, header
 * rewrites, truncation, extension, NaN and infinity written over floats.
 * <p>
 * Every case must be classified (a verdict, never an exception). Every message the validator accepts must then decode
 * completely through its generated decoder with precedence checks on, reading no byte past the message: the message
 * is placed at the very end of a bounds-checked buffer, so a read past it throws.
 */
class MessageValidatorFuzzTest
{
    private static final long SEED = 0x5EED_7101L;
    private static final int CASES = 1_000_000;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final short[] INTERESTING_SHORTS =
        { 0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, (short)0x8000, 7101, 1, 2, 32, 33, 256, 257, 512, 513 };

    private final UnsafeBuffer work = new UnsafeBuffer(new byte[256 * 1024]);
    private final MessagePrinter printer = new MessagePrinter();
    private final MessageValidator server = MessageValidator.forServer();
    private final MessageValidator client = MessageValidator.forClient();

    @Test
    void everyCaseIsClassifiedAndEveryAcceptedMessageDecodes()
    {
        final List<byte[]> corpus = corpus();
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] scratch = new byte[128 * 1024];
        final Map<Rejection, Long> verdicts = new EnumMap<>(Rejection.class);
        final StringBuilder text = new StringBuilder(64 * 1024);
        long decoded = 0;

        for (int i = 0; i < CASES; i++)
        {
            int length;
            if (random.nextInt(10) == 0)
            {
                length = random.nextInt(512);
                for (int j = 0; j < length; j++)
                {
                    scratch[j] = (byte)random.nextInt(256);
                }
            }
            else
            {
                final byte[] seed = corpus.get(random.nextInt(corpus.size()));
                System.arraycopy(seed, 0, scratch, 0, seed.length);
                length = seed.length;
                for (int m = 1 + random.nextInt(4); m > 0; m--)
                {
                    length = mutate(random, scratch, length);
                }
            }

            final int offset = work.capacity() - length;
            work.putBytes(offset, scratch, 0, length);

            final MessageValidator validator = random.nextBoolean() ? server : client;
            final Rejection verdict = validator.validate(work, offset, length);
            assertNotNull(verdict);
            verdicts.merge(verdict, 1L, Long::sum);

            if (Rejection.NONE == verdict)
            {
                final MessageDecoderFlyweight decoder = printer.wrap(validator, work, offset);
                text.setLength(0);
                decoder.appendTo(text);
                assertTrue(decoder.sbeDecodedLength() <= length, "decoder stays inside the message");
                decoded++;
            }
        }

        final long total = verdicts.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(CASES, total, "every case classified");
        assertEquals(CASES, server.count(Rejection.NONE) + server.rejectedCount() +
            client.count(Rejection.NONE) + client.rejectedCount(), "validators counted every case");
        assertTrue(decoded > CASES / 100, "mutations leave enough valid messages to exercise decoding: " + decoded);
        assertTrue(verdicts.size() >= 12, "most rejection reasons reached: " + verdicts);

        System.out.println("MessageValidatorFuzzTest seed=" + Long.toHexString(SEED) + " cases=" + CASES +
            " decoded=" + decoded + " verdicts=" + verdicts);
    }

    private List<byte[]> corpus()
    {
        final SampleMessages samples = new SampleMessages();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
        final List<byte[]> corpus = new ArrayList<>();
        for (final MessageType type : MessageType.values())
        {
            for (final boolean full : new boolean[]{ false, true })
            {
                final int length = samples.encode(type, buffer, 0, full);
                final byte[] bytes = new byte[length];
                buffer.getBytes(0, bytes);
                corpus.add(bytes);
            }
        }
        return corpus;
    }

    private static int mutate(final SplittableRandom random, final byte[] bytes, final int length)
    {
        switch (random.nextInt(8))
        {
            case 0: // flip one bit
                if (length > 0)
                {
                    bytes[random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                }
                return length;

            case 1: // one random byte
                if (length > 0)
                {
                    bytes[random.nextInt(length)] = (byte)random.nextInt(256);
                }
                return length;

            case 2: // an interesting 16-bit value anywhere (lengths, counts, header fields)
                if (length > 1)
                {
                    putShort(bytes, random.nextInt(length - 1), INTERESTING_SHORTS[random.nextInt(INTERESTING_SHORTS.length)]);
                }
                return length;

            case 3: // rewrite one header field: block length, template, schema id or version
                if (length >= ProtocolLimits.HEADER_LENGTH)
                {
                    putShort(bytes, 2 * random.nextInt(4), INTERESTING_SHORTS[random.nextInt(INTERESTING_SHORTS.length)]);
                }
                return length;

            case 4: // truncate
                return length > 0 ? random.nextInt(length) : 0;

            case 5: // extend with random bytes
            {
                final int extra = 1 + random.nextInt(64);
                for (int i = 0; i < extra; i++)
                {
                    bytes[length + i] = (byte)random.nextInt(256);
                }
                return length + extra;
            }

            case 6: // a non-finite float anywhere
                if (length > 3)
                {
                    final float value = random.nextBoolean() ? Float.NaN :
                        (random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
                    final int bits = Float.floatToRawIntBits(value);
                    final int at = random.nextInt(length - 3);
                    putShort(bytes, at, (short)bits);
                    putShort(bytes, at + 2, (short)(bits >>> 16));
                }
                return length;

            default: // a template id of the other direction, or an unknown one
                if (length >= ProtocolLimits.HEADER_LENGTH)
                {
                    putShort(bytes, 2, (short)random.nextInt(260));
                }
                return length;
        }
    }

    private static void putShort(final byte[] bytes, final int index, final short value)
    {
        bytes[index] = (byte)value;
        bytes[index + 1] = (byte)(value >>> 8);
    }
}
