package io.ringside.codec.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link StateSchema} as the {@code StateSchema} message carries them (its {@code schema} field), the
 * one place that layout is written and read. Little endian:
 * <pre>
 *   uint8 typeCount, then per type (its id is its position):
 *     uint8 flags (bit 0: room state)  uint8 nameLength  name (UTF-8)  uint8 fieldCount, then per field:
 *       uint8 kind (FieldKind ordinal)  uint8 nameLength  name (UTF-8)
 *       QUANTIZED16: float32 min  float32 max      BYTES: uint8 length
 * </pre>
 */
public final class StateSchemaCodec
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int FLAG_ROOM_STATE = 1;

    private StateSchemaCodec()
    {
    }

    /**
     * @return the schema's bytes.
     */
    public static byte[] encode(final StateSchema schema)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[encodedLength(schema)]);
        int at = 0;
        buffer.putByte(at++, (byte)schema.typeCount());
        for (int t = 0; t < schema.typeCount(); t++)
        {
            final StateSchema.EntityType type = schema.type(t);
            buffer.putByte(at++, (byte)(type.isRoomState() ? FLAG_ROOM_STATE : 0));
            at = putName(buffer, at, type.name());
            buffer.putByte(at++, (byte)type.fieldCount());
            for (int f = 0; f < type.fieldCount(); f++)
            {
                final StateSchema.Field field = type.field(f);
                buffer.putByte(at++, (byte)field.kind().ordinal());
                at = putName(buffer, at, field.name());
                if (FieldKind.QUANTIZED16 == field.kind())
                {
                    buffer.putFloat(at, field.min(), LE);
                    buffer.putFloat(at + 4, field.max(), LE);
                    at += 8;
                }
                else if (FieldKind.BYTES == field.kind())
                {
                    buffer.putByte(at++, (byte)field.length());
                }
            }
        }
        return buffer.byteArray();
    }

    /**
     * Read a schema, checking every length and value as the builder does.
     *
     * @throws IllegalArgumentException when the bytes are not a valid schema.
     */
    public static StateSchema decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final Reader in = new Reader(buffer, offset, length);
        final StateSchema.Builder builder = StateSchema.builder();
        final int typeCount = in.uint8();
        for (int t = 0; t < typeCount; t++)
        {
            final int flags = in.uint8();
            final String typeName = in.name();
            if (0 != (flags & FLAG_ROOM_STATE))
            {
                builder.roomState(typeName);
            }
            else
            {
                builder.entity(typeName);
            }
            final int fieldCount = in.uint8();
            for (int f = 0; f < fieldCount; f++)
            {
                final FieldKind kind = FieldKind.of(in.uint8());
                final String name = in.name();
                if (null == kind)
                {
                    throw new IllegalArgumentException("unknown field kind for " + typeName + '.' + name);
                }
                switch (kind)
                {
                    case FLOAT32 -> builder.float32(name);
                    case QUANTIZED16 -> builder.quantized(name, in.float32(), in.float32());
                    case INT32 -> builder.int32(name);
                    case INT16 -> builder.int16(name);
                    case UINT8 -> builder.uint8(name);
                    case BOOL -> builder.bool(name);
                    case BYTES -> builder.bytes(name, in.uint8());
                    default -> throw new IllegalArgumentException("unknown field kind " + kind);
                }
            }
        }
        if (in.remaining() != 0)
        {
            throw new IllegalArgumentException(in.remaining() + " bytes after the schema");
        }
        try
        {
            return builder.build();
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private static int encodedLength(final StateSchema schema)
    {
        int length = 1;
        for (int t = 0; t < schema.typeCount(); t++)
        {
            final StateSchema.EntityType type = schema.type(t);
            length += 2 + nameLength(type.name()) + 1;
            for (int f = 0; f < type.fieldCount(); f++)
            {
                final StateSchema.Field field = type.field(f);
                length += 2 + nameLength(field.name());
                length += FieldKind.QUANTIZED16 == field.kind() ? 8 : FieldKind.BYTES == field.kind() ? 1 : 0;
            }
        }
        return length;
    }

    private static int nameLength(final String name)
    {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int putName(final MutableDirectBuffer buffer, final int at, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        buffer.putByte(at, (byte)bytes.length);
        buffer.putBytes(at + 1, bytes);
        return at + 1 + bytes.length;
    }

    /**
     * Bounds-checked reads: running past the end is an IllegalArgumentException, never an index error.
     */
    private static final class Reader
    {
        private final DirectBuffer buffer;
        private final int end;
        private int at;

        Reader(final DirectBuffer buffer, final int offset, final int length)
        {
            if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
            {
                throw new IllegalArgumentException("schema bytes out of the buffer");
            }
            this.buffer = buffer;
            this.at = offset;
            this.end = offset + length;
        }

        int remaining()
        {
            return end - at;
        }

        int uint8()
        {
            need(1);
            return buffer.getByte(at++) & 0xFF;
        }

        float float32()
        {
            need(4);
            final float value = buffer.getFloat(at, LE);
            at += 4;
            return value;
        }

        String name()
        {
            final int length = uint8();
            need(length);
            final byte[] bytes = new byte[length];
            buffer.getBytes(at, bytes);
            at += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private void need(final int bytes)
        {
            if (end - at < bytes)
            {
                throw new IllegalArgumentException("schema ends early");
            }
        }
    }
}
