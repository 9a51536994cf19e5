package io.ringside.engine.game;

/**
 * Where a room writes its complete state, value by value, in a deterministic order. The same walk feeds the state
 * hash ({@link StateHasher}) and engine snapshots (written to the journal and read back by {@link StateReader}), so a
 * value that is hashed is always also saved, and the other way round. Game code sees only these calls, never a buffer.
 */
public interface StateWriter
{
    StateWriter putLong(long value);

    StateWriter putInt(int value);

    StateWriter putFloat(float value);

    StateWriter putBoolean(boolean value);
}
