package io.ringside.codec.state;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A game's state declaration: records laid out field after field, quantization within the declared range, and the
 * bytes that carry a schema to clients, which read back to an equal schema and refuse anything malformed.
 */
class StateSchemaTest
{
    private static StateSchema sample()
    {
        return StateSchema.builder()
            .entity("ship").quantized("x", 0, 8000).quantized("y", 0, 8000).float32("heading").uint8("health")
            .bool("shielded").bytes("tag", 3)
            .entity("rock").int16("size").int32("seed")
            .roomState("match").uint8("phase").int32("timeLeftMs")
            .build();
    }

    @Test
    void typesAndFieldsAreNumberedAndLaidOutInDeclarationOrder()
    {
        final StateSchema schema = sample();
        assertEquals(3, schema.typeCount());
        final StateSchema.EntityType ship = schema.type("ship");
        assertEquals(0, ship.typeId());
        assertEquals(2 + 2 + 4 + 1 + 1 + 3, ship.recordLength());
        assertEquals(8, ship.field("health").offset());
        assertEquals(9, ship.field("shielded").offset());
        assertEquals(3, ship.field("tag").length());
        assertTrue(schema.type("match").isRoomState());
        assertSame(ship, schema.type(0));
        assertEquals(13, schema.maxRecordLength());
        assertEquals(0b111111, StateWire.allFields(ship));
    }

    @Test
    void quantizedValuesStayWithinHalfAStepAndClampToTheRange()
    {
        final StateSchema.Field x = sample().type("ship").field("x");
        final float step = 8000f / 65535f;
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final float value = (float)random.nextDouble(0, 8000);
            assertEquals(value, x.dequantize(x.quantize(value)), step / 2 + 1e-3f);
        }
        assertEquals(0, x.quantize(-5));
        assertEquals(65535, x.quantize(9000));
        assertThrows(IllegalArgumentException.class, () -> x.quantize(Float.NaN));
    }

    @Test
    void theSchemaBytesReadBackToAnEqualSchema()
    {
        final StateSchema schema = sample();
        final byte[] bytes = StateSchemaCodec.encode(schema);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 10]);
        buffer.putBytes(5, bytes);
        final StateSchema back = StateSchemaCodec.decode(buffer, 5, bytes.length);
        assertEquals(schema, back);
        assertEquals(schema.toString(), back.toString());
        assertEquals(8000f, back.type("ship").field("y").max());
    }

    @Test
    void malformedSchemaBytesAreRefusedNeverMisread()
    {
        final byte[] bytes = StateSchemaCodec.encode(sample());
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        for (int length = 0; length < bytes.length; length++)
        {
            final int cut = length;
            assertThrows(IllegalArgumentException.class, () -> StateSchemaCodec.decode(buffer, 0, cut), "cut at " + cut);
        }
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[bytes.length + 1]);
        longer.putBytes(0, bytes);
        assertThrows(IllegalArgumentException.class, () -> StateSchemaCodec.decode(longer, 0, bytes.length + 1));

        final byte[] unknownKind = bytes.clone();
        unknownKind[1 + 1 + 1 + "ship".length() + 1] = 99;
        assertThrows(IllegalArgumentException.class,
            () -> StateSchemaCodec.decode(new UnsafeBuffer(unknownKind), 0, unknownKind.length));

        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] fuzzed = bytes.clone();
            fuzzed[random.nextInt(fuzzed.length)] = (byte)random.nextInt(256);
            try
            {
                StateSchemaCodec.decode(new UnsafeBuffer(fuzzed), 0, fuzzed.length);
            }
            catch (final IllegalArgumentException expected)
            {
                // refused; anything else thrown fails the test
            }
        }
    }

    @Test
    void declarationsOutsideTheLimitsAreRefused()
    {
        assertThrows(IllegalStateException.class, () -> StateSchema.builder().build());
        assertThrows(IllegalStateException.class, () -> StateSchema.builder().int32("orphan"));
        assertThrows(IllegalArgumentException.class, () -> StateSchema.builder().entity("a").int32("v").int32("v"));
        assertThrows(IllegalArgumentException.class, () -> StateSchema.builder().entity("a").entity("a"));
        assertThrows(IllegalArgumentException.class, () -> StateSchema.builder().entity("a").quantized("q", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> StateSchema.builder().entity("a").bytes("b", 65));
        final StateSchema.Builder many = StateSchema.builder().entity("a");
        for (int i = 0; i < StateSchema.MAX_FIELDS; i++)
        {
            many.uint8("f" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> many.uint8("one too many"));
    }
}
