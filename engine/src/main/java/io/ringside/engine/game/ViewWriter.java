package io.ringside.engine.game;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.state.StateSchema;
import org.agrona.DirectBuffer;

/**
 * Where a room writes what an observer may see, one entity at a time.
 * <p>
 * A game that declares its state ({@link Game#state()}) writes each entity as {@link #entity(int,
 * StateSchema.EntityType)} followed by {@code set} calls for its fields (fields not set are zero); values go out as
 * the schema says (a quantized float as its step, clamped to its range). A value a field cannot carry (NaN, an int out
 * of an INT16's or UINT8's range, a field of another type, a setter of the wrong kind) throws: the game's fault.
 * <p>
 * A game that does not writes the fixed entity of the Snapshot message: position and velocity in world units (per
 * second), rotation in radians, and game-defined health, score, state and owner. Values must be finite.
 */
public interface ViewWriter
{
    void entity(int entityId, EntityKind kind, float x, float y, float rotation, float vx, float vy,
        int health, int score, int state, int ownerId);

    /**
     * Start an entity of a declared type that every member sees wherever they are (the room's own state, a
     * scoreboard); its fields follow. The engine's writer takes both kinds of view; the default is for writers (in
     * tests, say) of the fixed entity only.
     */
    default void entity(final int entityId, final StateSchema.EntityType type)
    {
        entity(entityId, type, Float.NaN, Float.NaN);
    }

    /**
     * Start an entity of a declared type at a position in the world, for interest management: in a room too big to
     * broadcast, a member sees it only within the game's {@link Game#viewRadius()} of the member's own entity. The
     * position is not sent; a field carries it when clients need it. NaN: seen by every member.
     */
    default void entity(final int entityId, final StateSchema.EntityType type, final float x, final float y)
    {
        throw new UnsupportedOperationException("this writer takes the fixed entity only");
    }

    /**
     * A FLOAT32 or QUANTIZED16 field of the entity begun last.
     */
    default void set(final StateSchema.Field field, final float value)
    {
        throw new UnsupportedOperationException("this writer takes the fixed entity only");
    }

    /**
     * An INT32, INT16 or UINT8 field of the entity begun last.
     */
    default void set(final StateSchema.Field field, final int value)
    {
        throw new UnsupportedOperationException("this writer takes the fixed entity only");
    }

    /**
     * A BOOL field of the entity begun last.
     */
    default void set(final StateSchema.Field field, final boolean value)
    {
        throw new UnsupportedOperationException("this writer takes the fixed entity only");
    }

    /**
     * A BYTES field of the entity begun last: {@code field.length()} bytes from {@code source}.
     */
    default void set(final StateSchema.Field field, final DirectBuffer source, final int offset)
    {
        throw new UnsupportedOperationException("this writer takes the fixed entity only");
    }
}
