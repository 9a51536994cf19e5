package io.ringside.engine.game;

import io.ringside.codec.sbe.EntityKind;

/**
 * Where a room writes what an observer may see, one entity per call. Field meanings follow the Snapshot message:
 * position and velocity in world units (per second), rotation in radians, and game-defined health, score, state and
 * owner. Values must be finite.
 */
public interface ViewWriter
{
    void entity(int entityId, EntityKind kind, float x, float y, float rotation, float vx, float vy,
        int health, int score, int state, int ownerId);
}
