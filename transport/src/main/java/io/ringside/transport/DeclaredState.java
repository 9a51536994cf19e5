package io.ringside.transport;

import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.state.FieldKind;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateWire;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's picture of its room's declared state, for any game that declares one: the declaration from the
 * RoomStateSchema received at join, and every entity as the room's RoomState messages left it, by id, with its type
 * and its fields by name. A message whose entries do not match the declaration (a type or field it does not have,
 * bytes past the end) changes nothing and is refused; the reader then waits for the next keyframe. Not thread-safe:
 * the client's polling thread only.
 */
public final class DeclaredState
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Int2ObjectHashMap<Entity> entities = new Int2ObjectHashMap<>();
    private final UnsafeBuffer values = new UnsafeBuffer(0, 0);
    private int[] removedIds = new int[64];
    private StateSchema schema;
    private long roomId;
    private long tick;

    /**
     * @return the room's declaration, or null when the client's room declares none (or none was received yet).
     */
    public StateSchema schema()
    {
        return schema;
    }

    /**
     * @return the room the state is of, 0 when none.
     */
    public long roomId()
    {
        return roomId;
    }

    /**
     * @return the room tick of the last RoomState applied.
     */
    public long tick()
    {
        return tick;
    }

    /**
     * @return the entity with that id, or null.
     */
    public Entity entity(final int entityId)
    {
        return entities.get(entityId);
    }

    public int entityCount()
    {
        return entities.size();
    }

    /**
     * @return the entities of a type, by id.
     */
    public List<Entity> entities(final String typeName)
    {
        final List<Entity> ofType = new ArrayList<>();
        entities.values().forEach(e ->
        {
            if (e.type.name().equals(typeName))
            {
                ofType.add(e);
            }
        });
        ofType.sort((a, b) -> Integer.compare(a.id, b.id));
        return ofType;
    }

    /**
     * A new room (or none): its declaration, no entities yet.
     */
    public void reset(final StateSchema schema, final long roomId)
    {
        this.schema = schema;
        this.roomId = roomId;
        this.tick = 0;
        entities.clear();
    }

    /**
     * Apply a RoomState positioned at its start: a FULL replaces every entity, a DELTA changes the fields it lists and
     * removes the entities it lists as removed.
     *
     * @return false when the message does not match the declaration; nothing was changed.
     */
    public boolean apply(final RoomStateDecoder message)
    {
        if (null == schema || message.roomId() != roomId)
        {
            return false;
        }
        final boolean full = SnapshotType.FULL == message.snapshotType();
        final long messageTick = message.tick();
        for (final RoomStateDecoder.MembersDecoder ignored : message.members())
        {
            // the acknowledgements are the reader's
        }
        final RoomStateDecoder.RemovedEntitiesDecoder removed = message.removedEntities();
        final int removedCount = removed.count();
        growRemoved(removedCount);
        for (int i = 0; i < removedCount; i++)
        {
            removedIds[i] = removed.next().entityId();
        }
        final int length = message.entitiesLength();
        message.wrapEntities(values);
        return apply(full, messageTick, removedCount, length);
    }

    /**
     * Apply a StateView (this client's view of a room too big to broadcast) positioned at its start, as a RoomState.
     *
     * @return false when the message does not match the declaration; nothing was changed.
     */
    public boolean apply(final StateViewDecoder message)
    {
        if (null == schema || message.roomId() != roomId)
        {
            return false;
        }
        final boolean full = SnapshotType.FULL == message.snapshotType();
        final long messageTick = message.tick();
        final StateViewDecoder.RemovedEntitiesDecoder removed = message.removedEntities();
        final int removedCount = removed.count();
        growRemoved(removedCount);
        for (int i = 0; i < removedCount; i++)
        {
            removedIds[i] = removed.next().entityId();
        }
        final int length = message.entitiesLength();
        message.wrapEntities(values);
        return apply(full, messageTick, removedCount, length);
    }

    private void growRemoved(final int removedCount)
    {
        if (removedIds.length < removedCount)
        {
            removedIds = new int[removedCount];
        }
    }

    /**
     * Apply the removed ids and the entries in {@link #values}, checked first against the declaration.
     */
    private boolean apply(final boolean full, final long messageTick, final int removedCount, final int length)
    {
        if (!valid(values, length))
        {
            return false;
        }

        if (full)
        {
            entities.clear();
        }
        for (int i = 0; i < removedCount; i++)
        {
            entities.remove(removedIds[i]);
        }
        for (int at = 0; at < length; )
        {
            final int entityId = values.getInt(at + StateWire.ENTITY_ID_OFFSET, LE);
            final StateSchema.EntityType type = schema.type(values.getByte(at + StateWire.TYPE_ID_OFFSET) & 0xFF);
            final int mask = values.getInt(at + StateWire.CHANGED_FIELDS_OFFSET, LE);
            Entity entity = entities.get(entityId);
            if (null == entity || entity.type != type)
            {
                entity = new Entity(entityId, type);
                entities.put(entityId, entity);
            }
            at += StateWire.ENTRY_HEADER_LENGTH;
            for (int f = 0; f < type.fieldCount(); f++)
            {
                if (0 != (mask & (1 << f)))
                {
                    final StateSchema.Field field = type.field(f);
                    values.getBytes(at, entity.values, field.offset(), field.length());
                    at += field.length();
                }
            }
        }
        tick = messageTick;
        return true;
    }

    private boolean valid(final DirectBuffer bytes, final int length)
    {
        int at = 0;
        while (at < length)
        {
            if (length - at < StateWire.ENTRY_HEADER_LENGTH)
            {
                return false;
            }
            final StateSchema.EntityType type = schema.type(bytes.getByte(at + StateWire.TYPE_ID_OFFSET) & 0xFF);
            if (null == type)
            {
                return false;
            }
            final int mask = bytes.getInt(at + StateWire.CHANGED_FIELDS_OFFSET, LE);
            if (0 != (mask & ~StateWire.allFields(type)))
            {
                return false;
            }
            at += StateWire.ENTRY_HEADER_LENGTH;
            for (int f = 0; f < type.fieldCount(); f++)
            {
                if (0 != (mask & (1 << f)))
                {
                    at += type.field(f).length();
                }
            }
            if (at > length)
            {
                return false;
            }
        }
        return true;
    }

    public String toString()
    {
        return "DeclaredState{room=" + roomId + ", tick=" + tick + ", entities=" + entities.size() + '}';
    }

    /**
     * One entity of a declared type, its fields read by name or by {@link StateSchema.Field}.
     */
    public static final class Entity
    {
        private final int id;
        private final StateSchema.EntityType type;
        private final byte[] values;
        private final UnsafeBuffer view;

        Entity(final int id, final StateSchema.EntityType type)
        {
            this.id = id;
            this.type = type;
            this.values = new byte[type.recordLength()];
            this.view = new UnsafeBuffer(values);
        }

        public int id()
        {
            return id;
        }

        public StateSchema.EntityType type()
        {
            return type;
        }

        /**
         * @return a FLOAT32 field, or a QUANTIZED16 field's value.
         */
        public float getFloat(final String field)
        {
            return getFloat(type.field(field));
        }

        public float getFloat(final StateSchema.Field declared)
        {
            final StateSchema.Field field = own(declared);
            return switch (field.kind())
            {
                case FLOAT32 -> view.getFloat(field.offset(), LE);
                case QUANTIZED16 -> field.dequantize(view.getShort(field.offset(), LE) & 0xFFFF);
                default -> throw new IllegalArgumentException(field.name() + " is a " + field.kind() + ", not a float");
            };
        }

        /**
         * @return an INT32, INT16 or UINT8 field.
         */
        public int getInt(final String field)
        {
            return getInt(type.field(field));
        }

        public int getInt(final StateSchema.Field declared)
        {
            final StateSchema.Field field = own(declared);
            return switch (field.kind())
            {
                case INT32 -> view.getInt(field.offset(), LE);
                case INT16 -> view.getShort(field.offset(), LE);
                case UINT8 -> view.getByte(field.offset()) & 0xFF;
                default -> throw new IllegalArgumentException(field.name() + " is a " + field.kind() + ", not an int");
            };
        }

        public boolean getBoolean(final String field)
        {
            final StateSchema.Field f = type.field(field);
            if (FieldKind.BOOL != f.kind())
            {
                throw new IllegalArgumentException(field + " is a " + f.kind() + ", not a boolean");
            }
            return 0 != view.getByte(f.offset());
        }

        /**
         * @return a BYTES field's bytes, copied.
         */
        public byte[] getBytes(final String field)
        {
            final StateSchema.Field f = type.field(field);
            if (FieldKind.BYTES != f.kind())
            {
                throw new IllegalArgumentException(field + " is a " + f.kind() + ", not bytes");
            }
            final byte[] bytes = new byte[f.length()];
            view.getBytes(f.offset(), bytes);
            return bytes;
        }

        /**
         * The field of this entity's type that a field of the same declaration stands for (the client's schema is
         * its own copy, read from the RoomStateSchema).
         */
        private StateSchema.Field own(final StateSchema.Field field)
        {
            final StateSchema.Field own = field.index() < type.fieldCount() ? type.field(field.index()) : null;
            if (field.type().typeId() != type.typeId() || !field.equals(own))
            {
                throw new IllegalArgumentException(field.name() + " is a field of " + field.type().name() + ", not " +
                    type.name());
            }
            return own;
        }

        public String toString()
        {
            return type.name() + '#' + id;
        }
    }
}
