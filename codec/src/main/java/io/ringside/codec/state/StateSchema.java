package io.ringside.codec.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a game's rooms show, declared by the game: entity types, each a list of typed fields, some of them room-level
 * state (scores, phase, timers) declared the same way. The engine diffs and encodes the values a room writes; the
 * declaration reaches each client when it joins (a {@code StateSchema} message, see {@link StateSchemaCodec}), so a
 * client decodes any game's state without code of its own. Types are numbered in declaration order from 0, fields
 * within a type likewise; a type's values are a record of its fields' bytes in that order ({@link Field#offset()}).
 * Immutable once built.
 * <pre>
 *     StateSchema schema = StateSchema.builder()
 *         .entity("ship").quantized("x", 0, 8000).quantized("y", 0, 8000).float32("heading").uint8("health")
 *         .entity("rock").quantized("x", 0, 8000).quantized("y", 0, 8000)
 *         .roomState("match").uint8("phase").int32("timeLeftMs")
 *         .build();
 *     Field shipX = schema.type("ship").field("x");
 * </pre>
 */
public final class StateSchema
{
    public static final int MAX_TYPES = 64;
    public static final int MAX_FIELDS = 32;
    public static final int MAX_NAME_LENGTH = 32;
    public static final int MAX_BYTES_FIELD_LENGTH = 64;

    private final EntityType[] types;
    private final int maxRecordLength;

    private StateSchema(final EntityType[] types)
    {
        this.types = types;
        int max = 0;
        for (final EntityType type : types)
        {
            max = Math.max(max, type.recordLength);
        }
        this.maxRecordLength = max;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public int typeCount()
    {
        return types.length;
    }

    /**
     * @return the type with that id, or null.
     */
    public EntityType type(final int typeId)
    {
        return typeId >= 0 && typeId < types.length ? types[typeId] : null;
    }

    /**
     * @return the type with that name.
     * @throws IllegalArgumentException when there is none.
     */
    public EntityType type(final String name)
    {
        for (final EntityType type : types)
        {
            if (type.name.equals(name))
            {
                return type;
            }
        }
        throw new IllegalArgumentException("no entity type '" + name + "' in " + this);
    }

    /**
     * @return the longest record of any type, in bytes.
     */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    public boolean equals(final Object o)
    {
        return o instanceof StateSchema other && Arrays.equals(types, other.types);
    }

    public int hashCode()
    {
        return Arrays.hashCode(types);
    }

    public String toString()
    {
        return "StateSchema" + Arrays.toString(types);
    }

    /**
     * A declared entity type.
     */
    public static final class EntityType
    {
        private final int typeId;
        private final String name;
        private final boolean roomState;
        private final Field[] fields;
        private final int recordLength;

        private EntityType(final int typeId, final String name, final boolean roomState, final List<Field.Spec> specs)
        {
            this.typeId = typeId;
            this.name = name;
            this.roomState = roomState;
            this.fields = new Field[specs.size()];
            int offset = 0;
            for (int i = 0; i < fields.length; i++)
            {
                final Field.Spec spec = specs.get(i);
                fields[i] = new Field(this, i, spec.name, spec.kind, offset, spec.length, spec.min, spec.max);
                offset += spec.length;
            }
            this.recordLength = offset;
        }

        public int typeId()
        {
            return typeId;
        }

        public String name()
        {
            return name;
        }

        /**
         * @return whether the type is room-level state rather than a thing in the room.
         */
        public boolean isRoomState()
        {
            return roomState;
        }

        public int fieldCount()
        {
            return fields.length;
        }

        public Field field(final int index)
        {
            return fields[index];
        }

        /**
         * @throws IllegalArgumentException when the type has no field of that name.
         */
        public Field field(final String name)
        {
            for (final Field field : fields)
            {
                if (field.name.equals(name))
                {
                    return field;
                }
            }
            throw new IllegalArgumentException("entity type '" + this.name + "' has no field '" + name + "'");
        }

        /**
         * @return the bytes of one entity's values: its fields' lengths added up.
         */
        public int recordLength()
        {
            return recordLength;
        }

        public boolean equals(final Object o)
        {
            return o instanceof EntityType other && typeId == other.typeId && name.equals(other.name) &&
                roomState == other.roomState && Arrays.equals(fields, other.fields);
        }

        public int hashCode()
        {
            return typeId * 31 + name.hashCode();
        }

        public String toString()
        {
            return (roomState ? "room " : "") + name + '#' + typeId + Arrays.toString(fields);
        }
    }

    /**
     * A declared field: where its value lies in its type's record, and how it is carried.
     */
    public static final class Field
    {
        private static final float QUANTIZED_STEPS = 65_535f;

        private final EntityType type;
        private final int index;
        private final String name;
        private final FieldKind kind;
        private final int offset;
        private final int length;
        private final float min;
        private final float max;

        private Field(
            final EntityType type,
            final int index,
            final String name,
            final FieldKind kind,
            final int offset,
            final int length,
            final float min,
            final float max)
        {
            this.type = type;
            this.index = index;
            this.name = name;
            this.kind = kind;
            this.offset = offset;
            this.length = length;
            this.min = min;
            this.max = max;
        }

        public EntityType type()
        {
            return type;
        }

        public int index()
        {
            return index;
        }

        public String name()
        {
            return name;
        }

        public FieldKind kind()
        {
            return kind;
        }

        /**
         * @return where the field's bytes start in its type's record.
         */
        public int offset()
        {
            return offset;
        }

        public int length()
        {
            return length;
        }

        /**
         * @return the low end of a {@link FieldKind#QUANTIZED16} field's range.
         */
        public float min()
        {
            return min;
        }

        /**
         * @return the high end of a {@link FieldKind#QUANTIZED16} field's range.
         */
        public float max()
        {
            return max;
        }

        /**
         * @return a {@link FieldKind#QUANTIZED16} field's step for a value, clamped into the range.
         * @throws IllegalArgumentException for NaN.
         */
        public int quantize(final float value)
        {
            if (Float.isNaN(value))
            {
                throw new IllegalArgumentException(type.name + '.' + name + " is NaN");
            }
            final float clamped = Math.max(min, Math.min(max, value));
            return Math.round((clamped - min) / (max - min) * QUANTIZED_STEPS);
        }

        /**
         * @return the value a {@link FieldKind#QUANTIZED16} step stands for.
         */
        public float dequantize(final int step)
        {
            return min + (step & 0xFFFF) * ((max - min) / QUANTIZED_STEPS);
        }

        public boolean equals(final Object o)
        {
            return o instanceof Field other && index == other.index && name.equals(other.name) &&
                kind == other.kind && length == other.length && Float.compare(min, other.min) == 0 &&
                Float.compare(max, other.max) == 0;
        }

        public int hashCode()
        {
            return index * 31 + name.hashCode();
        }

        public String toString()
        {
            return name + ':' + kind + (FieldKind.QUANTIZED16 == kind ? "[" + min + ", " + max + "]" : "") +
                (FieldKind.BYTES == kind ? "[" + length + "]" : "");
        }

        record Spec(String name, FieldKind kind, int length, float min, float max)
        {
        }
    }

    /**
     * Declares types in order; each type's fields follow it.
     */
    public static final class Builder
    {
        private final List<String> names = new ArrayList<>();
        private final List<Boolean> roomStates = new ArrayList<>();
        private final List<List<Field.Spec>> fields = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * Start a type of thing in a room; the fields declared next are its.
         */
        public Builder entity(final String name)
        {
            return type(name, false);
        }

        /**
         * Start a type of room-level state (scores, phase, timers); the fields declared next are its.
         */
        public Builder roomState(final String name)
        {
            return type(name, true);
        }

        public Builder float32(final String name)
        {
            return field(name, FieldKind.FLOAT32, FieldKind.FLOAT32.fixedLength(), 0, 0);
        }

        /**
         * A float carried as one of 65,536 steps across [min, max]; values outside are clamped.
         */
        public Builder quantized(final String name, final float min, final float max)
        {
            if (!(Float.isFinite(min) && Float.isFinite(max) && min < max))
            {
                throw new IllegalArgumentException(name + ": the range must be finite and min < max: " + min + ", " +
                    max);
            }
            return field(name, FieldKind.QUANTIZED16, FieldKind.QUANTIZED16.fixedLength(), min, max);
        }

        public Builder int32(final String name)
        {
            return field(name, FieldKind.INT32, FieldKind.INT32.fixedLength(), 0, 0);
        }

        public Builder int16(final String name)
        {
            return field(name, FieldKind.INT16, FieldKind.INT16.fixedLength(), 0, 0);
        }

        public Builder uint8(final String name)
        {
            return field(name, FieldKind.UINT8, FieldKind.UINT8.fixedLength(), 0, 0);
        }

        public Builder bool(final String name)
        {
            return field(name, FieldKind.BOOL, FieldKind.BOOL.fixedLength(), 0, 0);
        }

        /**
         * A fixed number of bytes (a short name, a colour, a tile row).
         */
        public Builder bytes(final String name, final int length)
        {
            if (length < 1 || length > MAX_BYTES_FIELD_LENGTH)
            {
                throw new IllegalArgumentException(name + ": length must be 1.." + MAX_BYTES_FIELD_LENGTH + ": " +
                    length);
            }
            return field(name, FieldKind.BYTES, length, 0, 0);
        }

        public StateSchema build()
        {
            if (names.isEmpty())
            {
                throw new IllegalStateException("a state schema declares at least one type");
            }
            final EntityType[] types = new EntityType[names.size()];
            for (int i = 0; i < types.length; i++)
            {
                types[i] = new EntityType(i, names.get(i), roomStates.get(i), fields.get(i));
            }
            return new StateSchema(types);
        }

        private Builder type(final String name, final boolean roomState)
        {
            checkName(name);
            if (names.contains(name))
            {
                throw new IllegalArgumentException("entity type declared twice: " + name);
            }
            if (names.size() == MAX_TYPES)
            {
                throw new IllegalArgumentException("more than " + MAX_TYPES + " entity types");
            }
            names.add(name);
            roomStates.add(roomState);
            fields.add(new ArrayList<>());
            return this;
        }

        private Builder field(final String name, final FieldKind kind, final int length, final float min,
            final float max)
        {
            if (fields.isEmpty())
            {
                throw new IllegalStateException("declare a type (entity or roomState) before its fields");
            }
            checkName(name);
            final List<Field.Spec> typeFields = fields.get(fields.size() - 1);
            if (typeFields.size() == MAX_FIELDS)
            {
                throw new IllegalArgumentException("more than " + MAX_FIELDS + " fields in " + names.get(names.size() - 1));
            }
            for (final Field.Spec spec : typeFields)
            {
                if (spec.name().equals(name))
                {
                    throw new IllegalArgumentException("field declared twice: " + name);
                }
            }
            typeFields.add(new Field.Spec(name, kind, length, min, max));
            return this;
        }

        private static void checkName(final String name)
        {
            if (null == name || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH)
            {
                throw new IllegalArgumentException("a name is 1.." + MAX_NAME_LENGTH + " bytes of UTF-8: '" + name + "'");
            }
        }
    }
}
