package io.ringside.engine.game;

/**
 * Reads back, in the same order and with the same types, what a {@link StateWriter} was given. Reading past the end
 * or in another order is a programming error and throws.
 */
public interface StateReader
{
    long getLong();

    int getInt();

    float getFloat();

    boolean getBoolean();
}
