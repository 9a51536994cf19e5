package io.ringside.journal;

import org.agrona.DirectBuffer;

/**
 * What the engine's journal stage writes to: the input journal (every state-changing ring event, in ring order, with
 * everything that was decided before the ring, so that replay reproduces the state exactly), player state, and engine
 * snapshots. Rows appended between two {@link #commit()} calls form one transaction: they are durable together or
 * not at all. Called on the journal thread only.
 */
public interface Journal extends AutoCloseable
{
    /**
     * Append one ring event.
     *
     * @param sequence journal sequence: the ring sequence plus the base this engine run started from, so it rises
     *                 across restarts.
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
        long correlationId,
        DirectBuffer payload,
        int payloadOffset,
        int payloadLength);

    /**
     * Record a player's latest saved state in one game, the game's own bytes, which the journal never reads (an upsert
     * by player and game; within one transaction the last one wins).
     */
    void upsertPlayerState(
        long playerId,
        String game,
        long roomId,
        DirectBuffer state,
        int stateOffset,
        int stateLength,
        boolean connected,
        long timeNs);

    /**
     * Add an engine snapshot to the current transaction: the full engine state as of journal sequence
     * {@code sequence} (after that event was applied).
     */
    void appendSnapshot(long sequence, long tick, long stateHash, DirectBuffer state, int offset, int length);

    /**
     * Make everything appended since the last commit durable, as one transaction. Transient failures (busy, locked,
     * I/O) are retried with backoff; while the database cannot be written at all the call keeps retrying, with
     * {@link JournalStatus} saying so, because returning would mean pretending. Returns only once written, or throws
     * {@link JournalException} when the journal is being closed and gives up (the rows are counted as unwritten).
     */
    void commit();

    /**
     * @return rows appended and not yet committed.
     */
    int pendingRows();

    /**
     * @return health and counters, readable from any thread.
     */
    JournalStatus status();

    /**
     * Tell a commit that is retrying against an unwritable database that the engine is closing: it keeps trying
     * for a bounded time, then gives up and counts the rows. Any thread.
     */
    void requestClose();

    void close();
}
