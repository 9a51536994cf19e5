package io.ringside.engine.game;

import io.ringside.codec.sbe.GameEventType;

/**
 * Where a room reports what happened. The engine delivers each event reliably and in order, inside the per-client
 * sequence, as a GameEvent message stamped with the current tick and room.
 */
public interface GameEvents
{
    /**
     * An event every player in the room receives.
     */
    void toRoom(GameEventType type, int subjectId, int objectId, int value, float x, float y);

    /**
     * An event only the player represented by {@code recipientEntityId} receives (if that entity is a player).
     */
    void toPlayer(int recipientEntityId, GameEventType type, int subjectId, int objectId, int value, float x, float y);
}
