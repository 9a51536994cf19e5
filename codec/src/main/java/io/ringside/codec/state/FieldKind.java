package io.ringside.codec.state;

/**
 * How a declared field of game state is carried: its size in bytes on the wire (and in the engine's records), little
 * endian. Part of the wire protocol: the ordinal is the kind's code in a {@code StateSchema} message, so kinds are
 * only ever appended.
 */
public enum FieldKind
{
    /**
     * A 32-bit IEEE float.
     */
    FLOAT32(4),

    /**
     * A float in a declared range [min, max], carried as an unsigned 16-bit step: 65,535 steps across the range.
     */
    QUANTIZED16(2),

    /**
     * A signed 32-bit integer.
     */
    INT32(4),

    /**
     * A signed 16-bit integer.
     */
    INT16(2),

    /**
     * An unsigned 8-bit integer, 0..255.
     */
    UINT8(1),

    /**
     * A boolean, one byte, 0 or 1.
     */
    BOOL(1),

    /**
     * A fixed number of bytes (1..{@link StateSchema#MAX_BYTES_FIELD_LENGTH}), declared with the field.
     */
    BYTES(0);

    private static final FieldKind[] VALUES = values();
    private final int fixedLength;

    FieldKind(final int fixedLength)
    {
        this.fixedLength = fixedLength;
    }

    /**
     * @return the field's size in bytes, 0 for {@link #BYTES} (declared per field).
     */
    public int fixedLength()
    {
        return fixedLength;
    }

    /**
     * @return the kind of a code, or null for a code this build does not know.
     */
    public static FieldKind of(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
