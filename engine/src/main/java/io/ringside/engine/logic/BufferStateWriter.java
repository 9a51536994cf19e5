package io.ringside.engine.logic;

import io.ringside.engine.game.StateWriter;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A {@link StateWriter} over a growable buffer, little endian, one value after another with no framing: the body of
 * an engine snapshot. The order and types are the contract with {@link BufferStateReader}.
 */
public final class BufferStateWriter implements StateWriter
{
    private MutableDirectBuffer buffer;
    private int start;
    private int position;

    public BufferStateWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        return this;
    }

    /**
     * @return bytes written since {@link #wrap}.
     */
    public int length()
    {
        return position - start;
    }

    public BufferStateWriter putLong(final long value)
    {
        buffer.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Long.BYTES;
        return this;
    }

    public BufferStateWriter putInt(final int value)
    {
        buffer.putInt(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Integer.BYTES;
        return this;
    }

    public BufferStateWriter putFloat(final float value)
    {
        buffer.putFloat(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Float.BYTES;
        return this;
    }

    public BufferStateWriter putBoolean(final boolean value)
    {
        buffer.putByte(position, (byte)(value ? 1 : 0));
        position += 1;
        return this;
    }
}
