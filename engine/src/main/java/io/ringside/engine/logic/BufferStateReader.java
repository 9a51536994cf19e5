package io.ringside.engine.logic;

import io.ringside.engine.game.StateReader;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads what a {@link BufferStateWriter} wrote. Reading past the written length throws, so a state walk that reads
 * more than was saved fails loudly instead of inventing values.
 */
public final class BufferStateReader implements StateReader
{
    private DirectBuffer buffer;
    private int position;
    private int limit;

    public BufferStateReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        return this;
    }

    /**
     * @return bytes not read yet; zero after a complete walk.
     */
    public int remaining()
    {
        return limit - position;
    }

    private int advance(final int bytes)
    {
        if (position + bytes > limit)
        {
            throw new IllegalStateException("state ends after " + (position) + " bytes, read wanted " +
                bytes + " more");
        }
        final int at = position;
        position += bytes;
        return at;
    }

    public long getLong()
    {
        return buffer.getLong(advance(Long.BYTES), ByteOrder.LITTLE_ENDIAN);
    }

    public int getInt()
    {
        return buffer.getInt(advance(Integer.BYTES), ByteOrder.LITTLE_ENDIAN);
    }

    public float getFloat()
    {
        return buffer.getFloat(advance(Float.BYTES), ByteOrder.LITTLE_ENDIAN);
    }

    public boolean getBoolean()
    {
        return 0 != buffer.getByte(advance(1));
    }
}
