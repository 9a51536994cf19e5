package io.ringside.codec.state;

/**
 * The layout of the entity values a {@code RoomState} message carries (its {@code entities} field), written by the
 * engine and read by clients, little endian, one entry after another:
 * <pre>
 *   int32 entityId  uint8 typeId  uint32 changedFields (bit i: field i of the type follows)
 *   then the bytes of each field whose bit is set, in field order (each its kind's length, see FieldKind)
 * </pre>
 * A FULL message sets every field of every entity; a DELTA lists only entities with a changed field, and only those
 * fields. A {@link FieldKind#QUANTIZED16} field is its step ({@link StateSchema.Field#quantize}); a BOOL is 0 or 1.
 */
public final class StateWire
{
    public static final int ENTITY_ID_OFFSET = 0;
    public static final int TYPE_ID_OFFSET = 4;
    public static final int CHANGED_FIELDS_OFFSET = 5;
    public static final int ENTRY_HEADER_LENGTH = 9;

    private StateWire()
    {
    }

    /**
     * @return the mask with every field of the type set.
     */
    public static int allFields(final StateSchema.EntityType type)
    {
        return type.fieldCount() == 32 ? -1 : (1 << type.fieldCount()) - 1;
    }
}
