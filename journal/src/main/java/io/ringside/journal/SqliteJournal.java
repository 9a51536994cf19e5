package io.ringside.journal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Object2IntHashMap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal writer: one SQLite connection of its own, one transaction per {@link #commit()}.
 * <p>
 * Rows are staged in memory as they are appended (events encoded into one {@link EventBlock}, player states as
 * arrays of their bytes) and written to SQLite only at commit. That is what lets a failed commit be rolled back and tried
 * again with nothing lost: the staged rows stay until a commit of them has succeeded. A transaction's events are one
 * {@code journal_block} row, so a commit binds five values for them however many there are, not thirteen per event:
 * per-row cost in the driver, not SQLite's page writes, was what limited the journal. SQLITE_BUSY and SQLITE_LOCKED are retried with exponential backoff as a
 * matter of course; any other failure (disk full, read-only file, I/O error) marks the journal not writable in its
 * {@link JournalStatus} and is retried the same way, on a fresh connection, for as long as it takes, so that the
 * journal stage stops, the ring fills and the engine stops taking input. Only while closing does a commit give up,
 * after {@link JournalContext#closeTimeoutNs()}, counting the rows it could not write.
 */
public final class SqliteJournal implements Journal
{
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int INITIAL_ROWS = 1024;

    private final JournalContext settings;
    private final JournalStatus status = new JournalStatus();
    private Connection connection;
    private PreparedStatement insertEventBlock;
    private PreparedStatement upsertPlayer;
    private PreparedStatement insertSnapshot;
    private PreparedStatement pruneJournal;
    private PreparedStatement pruneEventBlocks;
    private volatile boolean closing;
    private boolean closed;

    // staged events, encoded as they arrive into the block the commit writes as one row
    private final ExpandableArrayBuffer eventBlockBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final EventBlock.Encoder eventBlock = new EventBlock.Encoder().reset(eventBlockBuffer);

    // staged player states, one per player (the last one appended wins)
    private final Object2IntHashMap<String> gameIndex = new Object2IntHashMap<>(-1);
    private final ArrayList<String> games = new ArrayList<>();
    /**
     * Per game (by index in {@link #games}): player id to staged slot.
     */
    private final ArrayList<Long2LongHashMap> playerSlots = new ArrayList<>();
    private int playerCount;
    private long[] playerId = new long[INITIAL_ROWS];
    private long[] playerRoom = new long[INITIAL_ROWS];
    private int[] playerGame = new int[INITIAL_ROWS];
    private byte[][] playerStates = new byte[INITIAL_ROWS][];
    private boolean[] playerConnected = new boolean[INITIAL_ROWS];
    private long[] playerTime = new long[INITIAL_ROWS];

    // staged snapshot
    private boolean snapshotStaged;
    private long snapshotSequence;
    private long snapshotTick;
    private long snapshotHash;
    private byte[] snapshotState;

    public SqliteJournal(final JournalContext settings)
    {
        this.settings = settings;
        try
        {
            open();
        }
        catch (final SQLException ex)
        {
            throw new JournalException("cannot open the journal at " + settings.path().toAbsolutePath() + ": " +
                ex.getMessage(), ex);
        }
    }

    private void open() throws SQLException
    {
        connection = JournalDatabase.open(settings);
        try
        {
            connection.setAutoCommit(false);
            insertEventBlock = connection.prepareStatement("INSERT INTO journal_block (first_sequence, " +
                "last_sequence, event_count, format, events) VALUES (?, ?, ?, ?, ?)");
            upsertPlayer = connection.prepareStatement("INSERT INTO saved_player_state (player_id, game, room_id, " +
                "state, connected, updated_time_ns) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(player_id, game) DO UPDATE SET " +
                "room_id = excluded.room_id, state = excluded.state, connected = excluded.connected, " +
                "updated_time_ns = excluded.updated_time_ns");
            insertSnapshot = connection.prepareStatement("INSERT OR REPLACE INTO engine_snapshot (sequence, tick, " +
                "state_hash, created_epoch_ms, state) VALUES (?, ?, ?, ?, ?)");
            pruneJournal = connection.prepareStatement("DELETE FROM journal WHERE sequence <= ?");
            pruneEventBlocks = connection.prepareStatement("DELETE FROM journal_block WHERE last_sequence <= ?");
        }
        catch (final SQLException ex)
        {
            discardConnection();
            throw ex;
        }
    }

    /**
     * Close the connection after a failure it may not have come back from whole. SQLite rolls a transaction back by
     * itself on a full disk or an I/O error, and the driver, whose rollback then fails, does not begin the next one:
     * rows written on that connection would each commit on their own, outside any batch, and be written again by the
     * retry. A fresh connection begins a fresh transaction.
     */
    private void discardConnection()
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ignore)
        {
            // closing a connection that failed; it is dropped either way
        }
        connection = null;
    }

    public JournalContext settings()
    {
        return settings;
    }

    public JournalStatus status()
    {
        return status;
    }

    public int pendingRows()
    {
        return eventBlock.count() + playerCount + (snapshotStaged ? 1 : 0);
    }

    public void appendEvent(
        final long sequence,
        final int type,
        final int templateId,
        final long sessionId,
        final long playerId,
        final long tokenHigh,
        final long tokenLow,
        final long seed,
        final long tick,
        final long timeNs,
        final int reason,
        final long correlationId,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        eventBlock.append(sequence, type, templateId, sessionId, playerId, tokenHigh, tokenLow, seed, tick, timeNs,
            reason, correlationId, payload, payloadOffset, payloadLength);
    }

    public void upsertPlayerState(
        final long playerId,
        final String game,
        final long roomId,
        final DirectBuffer state,
        final int stateOffset,
        final int stateLength,
        final boolean connected,
        final long timeNs)
    {
        int g = gameIndex.getValue(game);
        if (g < 0)
        {
            g = games.size();
            games.add(game);
            gameIndex.put(game, g);
            playerSlots.add(new Long2LongHashMap(-1));
        }
        final Long2LongHashMap playerSlot = playerSlots.get(g);
        int i = (int)playerSlot.get(playerId);
        if (i < 0)
        {
            if (playerCount == this.playerId.length)
            {
                growPlayers();
            }
            i = playerCount++;
            playerSlot.put(playerId, i);
        }
        this.playerId[i] = playerId;
        playerGame[i] = g;
        playerRoom[i] = roomId;
        byte[] bytes = playerStates[i];
        if (null == bytes || bytes.length != stateLength)
        {
            bytes = new byte[stateLength];
            playerStates[i] = bytes;
        }
        state.getBytes(stateOffset, bytes);
        playerConnected[i] = connected;
        playerTime[i] = timeNs;
    }

    public void appendSnapshot(
        final long sequence, final long tick, final long stateHash, final DirectBuffer state, final int offset,
        final int length)
    {
        snapshotStaged = true;
        snapshotSequence = sequence;
        snapshotTick = tick;
        snapshotHash = stateHash;
        snapshotState = new byte[length];
        state.getBytes(offset, snapshotState);
    }

    public void commit()
    {
        if (0 == pendingRows())
        {
            return;
        }

        long backoffNs = settings.retryMinBackoffNs();
        long giveUpAtNs = 0;
        while (true)
        {
            try
            {
                if (null == connection)
                {
                    open();
                }
                write();
                connection.commit();
                final int events = eventBlock.count();
                status.onCommitted(events, playerCount, snapshotStaged ? 1 : 0,
                    events > 0 ? eventBlock.lastSequence() : -1);
                clear();
                return;
            }
            catch (final SQLException ex)
            {
                final int code = JournalDatabase.primaryResultCode(ex);
                final boolean rolledBack = null != connection && rollback();
                if ((SQLITE_BUSY == code || SQLITE_LOCKED == code) && rolledBack)
                {
                    status.onRetry();
                }
                else
                {
                    if (null != connection)
                    {
                        discardConnection();
                    }
                    status.onUnwritable(ex.getMessage());
                }
            }

            if (closing)
            {
                final long now = System.nanoTime();
                if (0 == giveUpAtNs)
                {
                    giveUpAtNs = now + settings.closeTimeoutNs();
                }
                else if (now - giveUpAtNs > 0)
                {
                    final int rows = pendingRows();
                    status.onAbandoned(rows);
                    clear();
                    throw new JournalException("journal closed while the database could not be written: " + rows +
                        " rows not written (" + status.lastError() + ")");
                }
            }
            LockSupport.parkNanos(backoffNs);
            backoffNs = Math.min(backoffNs * 2, settings.retryMaxBackoffNs());
        }
    }

    private void write() throws SQLException
    {
        final int events = eventBlock.count();
        if (events > 0)
        {
            insertEventBlock.setLong(1, eventBlock.firstSequence());
            insertEventBlock.setLong(2, eventBlock.lastSequence());
            insertEventBlock.setInt(3, events);
            insertEventBlock.setInt(4, EventBlock.FORMAT);
            insertEventBlock.setBytes(5, eventBlockBytes());
            insertEventBlock.executeUpdate();
        }

        for (int i = 0; i < playerCount; i++)
        {
            upsertPlayer.setLong(1, playerId[i]);
            upsertPlayer.setString(2, games.get(playerGame[i]));
            upsertPlayer.setLong(3, playerRoom[i]);
            upsertPlayer.setBytes(4, playerStates[i]);
            upsertPlayer.setInt(5, playerConnected[i] ? 1 : 0);
            upsertPlayer.setLong(6, playerTime[i]);
            upsertPlayer.addBatch();
        }
        if (playerCount > 0)
        {
            upsertPlayer.executeBatch();
        }

        if (snapshotStaged)
        {
            insertSnapshot.setLong(1, snapshotSequence);
            insertSnapshot.setLong(2, snapshotTick);
            insertSnapshot.setLong(3, snapshotHash);
            insertSnapshot.setLong(4, System.currentTimeMillis());
            insertSnapshot.setBytes(5, snapshotState);
            insertSnapshot.executeUpdate();
            if (settings.pruneBeforeSnapshot())
            {
                pruneJournal.setLong(1, snapshotSequence);
                pruneJournal.executeUpdate();
                pruneEventBlocks.setLong(1, snapshotSequence);
                pruneEventBlocks.executeUpdate();
            }
        }
    }

    /**
     * An array holding exactly the block: the driver binds whole arrays. One allocation per commit, on the journal
     * thread.
     */
    private byte[] eventBlockBytes()
    {
        final byte[] bytes = new byte[eventBlock.length()];
        eventBlockBuffer.getBytes(0, bytes);
        return bytes;
    }

    private void clear()
    {
        eventBlock.reset(eventBlockBuffer);
        playerCount = 0;
        for (int g = 0, size = playerSlots.size(); g < size; g++)
        {
            playerSlots.get(g).clear();
        }
        snapshotStaged = false;
        snapshotState = null;
    }

    /**
     * @return whether the transaction was rolled back and the next one begun.
     */
    private boolean rollback()
    {
        try
        {
            upsertPlayer.clearBatch();
            connection.rollback();
            return true;
        }
        catch (final SQLException ex)
        {
            return false;
        }
    }

    private void growPlayers()
    {
        final int n = playerId.length * 2;
        playerId = Arrays.copyOf(playerId, n);
        playerRoom = Arrays.copyOf(playerRoom, n);
        playerGame = Arrays.copyOf(playerGame, n);
        playerStates = Arrays.copyOf(playerStates, n);
        playerConnected = Arrays.copyOf(playerConnected, n);
        playerTime = Arrays.copyOf(playerTime, n);
    }

    public void requestClose()
    {
        closing = true;
    }

    /**
     * Commit what is staged (bounded by the close timeout when the database cannot be written) and close.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closing = true;
        try
        {
            commit();
        }
        finally
        {
            closed = true;
            if (null != connection)
            {
                try
                {
                    connection.close();
                }
                catch (final SQLException ex)
                {
                    status.onUnwritable("close: " + ex.getMessage());
                }
            }
        }
    }
}
