package io.ringside.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the journal on a connection of its own, read only (WAL lets it run beside the writer): the latest engine
 * snapshot, journal events in sequence order, player state. Used by recovery and by the journal tool.
 */
public final class JournalReader implements AutoCloseable
{
    private final Connection connection;

    public JournalReader(final JournalContext settings)
    {
        try
        {
            connection = JournalDatabase.openReadOnly(settings);
        }
        catch (final SQLException ex)
        {
            throw new JournalException("cannot read the journal at " + settings.path().toAbsolutePath() + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * One journal event, reused between calls: copy what must outlive the callback (the payload is a view of the
     * row or block it was read from).
     */
    public static final class Row
    {
        public long sequence;
        public int type;
        public int templateId;
        public long sessionId;
        public long playerId;
        public long tokenHigh;
        public long tokenLow;
        public long seed;
        public long tick;
        public long timeNs;
        public int reason;
        public long correlationId;
        public final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
        public int payloadLength;
    }

    @FunctionalInterface
    public interface RowHandler
    {
        /**
         * @return false to stop reading.
         */
        boolean onRow(Row row);
    }

    /**
     * An engine snapshot as stored.
     */
    public record Snapshot(long sequence, long tick, long stateHash, long createdEpochMs, byte[] state)
    {
    }

    /**
     * A player's saved state as stored: the bytes its game wrote, which only that game reads.
     */
    public record PlayerState(
        long playerId, String game, long roomId, byte[] state, boolean connected, long updatedTimeNs)
    {
    }

    /**
     * @return the snapshot with the highest sequence, or null when there is none.
     */
    public Snapshot latestSnapshot()
    {
        return snapshotAtOrBefore(Long.MAX_VALUE);
    }

    /**
     * @return the latest snapshot taken at or before {@code sequence}, or null.
     */
    public Snapshot snapshotAtOrBefore(final long sequence)
    {
        try (PreparedStatement query = connection.prepareStatement("SELECT sequence, tick, state_hash, " +
            "created_epoch_ms, state FROM engine_snapshot WHERE sequence <= ? ORDER BY sequence DESC LIMIT 1"))
        {
            query.setLong(1, sequence);
            try (ResultSet rs = query.executeQuery())
            {
                return rs.next() ?
                    new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBytes(5)) : null;
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading engine snapshots: " + ex.getMessage(), ex);
        }
    }

    /**
     * Read journal events with {@code fromExclusive < sequence <= toInclusive}, in sequence order: first those of the
     * {@code journal} table (one row per event, written by engines before schema version 2; every one of them comes
     * before every block, because sequences rise across restarts), then those of the {@code journal_block} rows.
     *
     * @return events handed to the handler.
     */
    public long readEvents(final long fromExclusive, final long toInclusive, final RowHandler handler)
    {
        final Row row = new Row();
        final long[] count = {0};
        if (readEventRows(fromExclusive, toInclusive, row, handler, count))
        {
            readEventBlocks(fromExclusive, toInclusive, row, handler, count);
        }
        return count[0];
    }

    private boolean readEventRows(
        final long fromExclusive, final long toInclusive, final Row row, final RowHandler handler, final long[] count)
    {
        try (PreparedStatement query = connection.prepareStatement("SELECT sequence, event_type, template_id, " +
            "session_id, player_id, token_high, token_low, seed, tick, ingress_time_ns, reason, correlation_id, " +
            "payload FROM journal WHERE sequence > ? AND sequence <= ? ORDER BY sequence"))
        {
            query.setLong(1, fromExclusive);
            query.setLong(2, toInclusive);
            query.setFetchSize(1024);
            try (ResultSet rs = query.executeQuery())
            {
                while (rs.next())
                {
                    row.sequence = rs.getLong(1);
                    row.type = rs.getInt(2);
                    row.templateId = rs.getInt(3);
                    row.sessionId = rs.getLong(4);
                    row.playerId = rs.getLong(5);
                    row.tokenHigh = rs.getLong(6);
                    row.tokenLow = rs.getLong(7);
                    row.seed = rs.getLong(8);
                    row.tick = rs.getLong(9);
                    row.timeNs = rs.getLong(10);
                    row.reason = rs.getInt(11);
                    row.correlationId = rs.getLong(12);
                    final byte[] payload = rs.getBytes(13);
                    row.payloadLength = null == payload ? 0 : payload.length;
                    row.payload.wrap(null == payload ? new byte[0] : payload);
                    count[0]++;
                    if (!handler.onRow(row))
                    {
                        return false;
                    }
                }
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading the journal: " + ex.getMessage(), ex);
        }
        return true;
    }

    /**
     * Blocks from the one holding the first wanted sequence (the last block starting at or before it, found on the
     * primary key) to the last starting at or before {@code toInclusive}; events outside the range are passed over.
     */
    private void readEventBlocks(
        final long fromExclusive, final long toInclusive, final Row row, final RowHandler handler, final long[] count)
    {
        final EventBlock.Decoder decoder = new EventBlock.Decoder();
        final UnsafeBuffer block = new UnsafeBuffer(new byte[0]);
        try (PreparedStatement query = connection.prepareStatement("SELECT first_sequence, event_count, format, " +
            "events FROM journal_block WHERE first_sequence >= coalesce((SELECT max(first_sequence) FROM " +
            "journal_block WHERE first_sequence <= ?), 0) AND first_sequence <= ? ORDER BY first_sequence"))
        {
            query.setLong(1, fromExclusive + 1);
            query.setLong(2, toInclusive);
            query.setFetchSize(64);
            try (ResultSet rs = query.executeQuery())
            {
                while (rs.next())
                {
                    final long firstSequence = rs.getLong(1);
                    final int events = rs.getInt(2);
                    final int format = rs.getInt(3);
                    if (EventBlock.FORMAT != format)
                    {
                        throw new JournalException("journal block at sequence " + firstSequence + " has format " +
                            format + ", this build reads format " + EventBlock.FORMAT);
                    }
                    final byte[] bytes = rs.getBytes(4);
                    block.wrap(bytes);
                    decoder.wrap(block, 0, bytes.length, firstSequence, events);
                    while (decoder.next(row))
                    {
                        if (row.sequence <= fromExclusive)
                        {
                            continue;
                        }
                        if (row.sequence > toInclusive)
                        {
                            return;
                        }
                        count[0]++;
                        if (!handler.onRow(row))
                        {
                            return;
                        }
                    }
                }
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading the journal: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the highest journal sequence written, or -1 for an empty journal (also counting snapshots, so that
     * sequences keep rising after the rows before a snapshot were pruned).
     */
    public long lastSequence()
    {
        return queryLong("SELECT max(coalesce((SELECT max(sequence) FROM journal), -1), " +
            "coalesce((SELECT last_sequence FROM journal_block ORDER BY first_sequence DESC LIMIT 1), -1), " +
            "coalesce((SELECT max(sequence) FROM engine_snapshot), -1))");
    }

    /**
     * @return events stored: rows of the {@code journal} table plus the events of every block.
     */
    public long eventCount()
    {
        return queryLong("SELECT (SELECT count(*) FROM journal) + " +
            "coalesce((SELECT sum(event_count) FROM journal_block), 0)");
    }

    /**
     * @return {@code journal_block} rows: transactions that held events.
     */
    public long eventBlockCount()
    {
        return queryLong("SELECT count(*) FROM journal_block");
    }

    public long snapshotCount()
    {
        return queryLong("SELECT count(*) FROM engine_snapshot");
    }

    /**
     * @return the stored state of one player in one game, or null.
     */
    public PlayerState playerState(final long playerId, final String game)
    {
        try (PreparedStatement query = connection.prepareStatement(PLAYER_COLUMNS + " WHERE player_id = ? AND game = ?"))
        {
            query.setLong(1, playerId);
            query.setString(2, game);
            try (ResultSet rs = query.executeQuery())
            {
                return rs.next() ? playerState(rs) : null;
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading player state: " + ex.getMessage(), ex);
        }
    }

    /**
     * Every stored player state, by player id and game.
     */
    public void playerStates(final java.util.function.Consumer<PlayerState> consumer)
    {
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(PLAYER_COLUMNS + " ORDER BY player_id, game"))
        {
            while (rs.next())
            {
                consumer.accept(playerState(rs));
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading player state: " + ex.getMessage(), ex);
        }
    }

    private static final String PLAYER_COLUMNS =
        "SELECT player_id, game, room_id, state, connected, updated_time_ns FROM saved_player_state";

    private static PlayerState playerState(final ResultSet rs) throws SQLException
    {
        return new PlayerState(
            rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), 0 != rs.getInt(5), rs.getLong(6));
    }

    /**
     * @return a metadata value, or null when none is recorded.
     */
    public String metadata(final String key)
    {
        try (java.sql.PreparedStatement query = connection.prepareStatement("SELECT value FROM metadata WHERE key = ?"))
        {
            query.setString(1, key);
            try (ResultSet rs = query.executeQuery())
            {
                return rs.next() ? rs.getString(1) : null;
            }
        }
        catch (final SQLException ex)
        {
            throw new JournalException("reading metadata " + key + ": " + ex.getMessage(), ex);
        }
    }

    private long queryLong(final String sql)
    {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql))
        {
            return rs.next() ? rs.getLong(1) : 0;
        }
        catch (final SQLException ex)
        {
            throw new JournalException(sql + ": " + ex.getMessage(), ex);
        }
    }

    public void close()
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ex)
        {
            throw new JournalException("closing the journal reader: " + ex.getMessage(), ex);
        }
    }
}
