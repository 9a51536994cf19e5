package io.ringside.engine.game;

import io.ringside.codec.sbe.GameEventType;
import org.agrona.DirectBuffer;

/**
 * Where a room reports what happened and says what it has to say. The engine delivers each event and each message
 * reliably and in order, inside the per-client sequence, as a GameEvent or RoomMessage stamped with the current tick
 * and room. A message's opcode must be one the game declares to clients ({@link MessageCatalog#toClientCapBytes}),
 * and its payload at most that opcode's cap: anything else is the game's fault and throws, which the engine contains
 * like any fault of game code. The payload is copied before the call returns.
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

    /**
     * A message only the player represented by {@code recipientEntityId} receives (if that entity is a player).
     */
    void messageToPlayer(int recipientEntityId, int opcode, DirectBuffer payload, int offset, int length);

    /**
     * A message every player in the room receives.
     */
    void messageToRoom(int opcode, DirectBuffer payload, int offset, int length);

    /**
     * A message every player in the room receives except the one represented by {@code exceptEntityId} (the sender
     * of what it relays, say).
     */
    void messageToRoomExcept(int exceptEntityId, int opcode, DirectBuffer payload, int offset, int length);
}
