package io.ringside.engine.journal;

import org.agrona.DirectBuffer;

/**
 * What the journal stage writes to: the input journal (every state-changing ring event, in ring order, with
 * everything that was decided before the ring, so that replay reproduces the state exactly) and player state.
 * Rows appended between two {@link #commit()} calls form one transaction. Called on the journal thread only.
 */
public interface Journal extends AutoCloseable
{
    /**
     * Append one ring event.
     */
    void appendEvent(
        long sequence,
        int type,
        int templateId,
        long sessionId,
        long playerId,
        long tokenHigh,
        long tokenLow,
        long seed,
        long tick,
        long timeNs,
        int reason,
        DirectBuffer payload,
        int payloadOffset,
        int payloadLength);

    /**
     * Record a player's latest state (an upsert by player id).
     */
    void upsertPlayerState(
        long playerId,
        long roomId,
        float x,
        float y,
        float rotation,
        float vx,
        float vy,
        int health,
        int score,
        boolean connected,
        long timeNs);

    /**
     * Make everything appended since the last commit durable, as one transaction.
     */
    void commit();

    /**
     * @return rows appended and not yet committed.
     */
    int pendingRows();

    void close();
}
