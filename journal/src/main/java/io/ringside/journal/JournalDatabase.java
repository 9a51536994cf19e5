package io.ringside.journal;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections to the journal database and keeps its schema current: every migration below is applied once, in
 * order, in its own transaction, and recorded in {@code schema_migrations}. A database from a newer engine (a
 * version above the last one known here) is refused rather than written with an older idea of its tables.
 */
public final class JournalDatabase
{
    /**
     * Schema migrations; the index plus one is the version. Append only: never edit one that has shipped.
     */
    private static final String[][] MIGRATIONS = {
        {
            "input journal, player state, engine snapshots, metadata",
            "CREATE TABLE journal (" +
                " sequence INTEGER PRIMARY KEY," +
                " event_type INTEGER NOT NULL," +
                " template_id INTEGER NOT NULL," +
                " session_id INTEGER NOT NULL," +
                " player_id INTEGER NOT NULL," +
                " token_high INTEGER NOT NULL," +
                " token_low INTEGER NOT NULL," +
                " seed INTEGER NOT NULL," +
                " tick INTEGER NOT NULL," +
                " ingress_time_ns INTEGER NOT NULL," +
                " reason INTEGER NOT NULL," +
                " correlation_id INTEGER NOT NULL," +
                " payload BLOB NOT NULL)",
            "CREATE TABLE player_state (" +
                " player_id INTEGER PRIMARY KEY," +
                " room_id INTEGER NOT NULL," +
                " x REAL NOT NULL, y REAL NOT NULL, rotation REAL NOT NULL, vx REAL NOT NULL, vy REAL NOT NULL," +
                " health INTEGER NOT NULL," +
                " score INTEGER NOT NULL," +
                " connected INTEGER NOT NULL," +
                " updated_time_ns INTEGER NOT NULL)",
            "CREATE TABLE engine_snapshot (" +
                " sequence INTEGER PRIMARY KEY," +
                " tick INTEGER NOT NULL," +
                " state_hash INTEGER NOT NULL," +
                " created_epoch_ms INTEGER NOT NULL," +
                " state BLOB NOT NULL)",
            "CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        },
        {
            "events batched a transaction to a row (journal_block); rows of the journal table stay readable",
            "CREATE TABLE journal_block (" +
                " first_sequence INTEGER PRIMARY KEY," +
                " last_sequence INTEGER NOT NULL," +
                " event_count INTEGER NOT NULL," +
                " format INTEGER NOT NULL," +
                " events BLOB NOT NULL)"
        },
        {
            "player state as each game's own bytes (saved_player_state); the arena-shaped player_state stays readable",
            "CREATE TABLE saved_player_state (" +
                " player_id INTEGER NOT NULL," +
                " game TEXT NOT NULL," +
                " room_id INTEGER NOT NULL," +
                " state BLOB NOT NULL," +
                " connected INTEGER NOT NULL," +
                " updated_time_ns INTEGER NOT NULL," +
                " PRIMARY KEY (player_id, game))"
        },
    };

    public static final int SCHEMA_VERSION = MIGRATIONS.length;

    private JournalDatabase()
    {
    }

    /**
     * Open a connection with the journal's pragmas (WAL, synchronous, busy timeout), creating the file and its folder
     * when missing, and migrate the schema.
     */
    public static Connection open(final JournalContext settings) throws SQLException
    {
        try
        {
            final Path parent = settings.path().toAbsolutePath().getParent();
            if (null != parent)
            {
                Files.createDirectories(parent);
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new SQLException("cannot create the folder of " + settings.path(), ex);
        }

        final SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(settings.synchronousFull() ? SQLiteConfig.SynchronousMode.FULL :
            SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(settings.busyTimeoutMs());
        // DEFERRED: the driver begins the next transaction right after each commit, and an IMMEDIATE one would hold
        // the write lock between batches, shutting out every other writer (tools, migrations) for good
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        final Connection connection = config.createConnection("jdbc:sqlite:" + settings.path().toAbsolutePath());
        try
        {
            migrate(connection);
            return connection;
        }
        catch (final SQLException | RuntimeException ex)
        {
            connection.close();
            throw ex;
        }
    }

    /**
     * Open a connection for reading only (tools, recovery); the schema must already be current.
     */
    public static Connection openReadOnly(final JournalContext settings) throws SQLException
    {
        if (!Files.exists(settings.path()))
        {
            throw new SQLException("no journal at " + settings.path().toAbsolutePath());
        }
        final SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(settings.busyTimeoutMs());
        final Connection connection = config.createConnection("jdbc:sqlite:" + settings.path().toAbsolutePath());
        final int version = schemaVersion(connection);
        if (version != SCHEMA_VERSION)
        {
            connection.close();
            throw new SQLException("journal schema version " + version + " at " + settings.path() +
                ", this build reads version " + SCHEMA_VERSION);
        }
        return connection;
    }

    static void migrate(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement())
        {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS schema_migrations (" +
                " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_epoch_ms INTEGER NOT NULL)");
        }
        final int current = schemaVersion(connection);
        if (current > SCHEMA_VERSION)
        {
            throw new SQLException("journal schema version " + current + " is newer than this build knows (" +
                SCHEMA_VERSION + "): refusing to write it");
        }

        final boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try
        {
            for (int version = current + 1; version <= SCHEMA_VERSION; version++)
            {
                final String[] migration = MIGRATIONS[version - 1];
                try (Statement statement = connection.createStatement())
                {
                    for (int i = 1; i < migration.length; i++)
                    {
                        statement.executeUpdate(migration[i]);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_migrations (version, description, applied_epoch_ms) VALUES (?, ?, ?)"))
                {
                    insert.setInt(1, version);
                    insert.setString(2, migration[0]);
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                connection.commit();
            }
        }
        catch (final SQLException ex)
        {
            connection.rollback();
            throw ex;
        }
        finally
        {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * @return the highest migration applied, 0 for a new database.
     */
    public static int schemaVersion(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement();
            ResultSet exists = statement.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"))
        {
            if (!exists.next() || 0 == exists.getInt(1))
            {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations"))
        {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Set a metadata value, in a transaction of its own on a connection of its own (at start, before the journal
     * stage writes).
     */
    public static void putMetadata(final JournalContext settings, final String key, final String value)
    {
        try (Connection connection = open(settings);
            java.sql.PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO metadata (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"))
        {
            upsert.setString(1, key);
            upsert.setString(2, value);
            upsert.executeUpdate();
        }
        catch (final SQLException ex)
        {
            throw new JournalException("cannot record " + key + " in " + settings.path().toAbsolutePath() + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * @return the primary SQLite result code of a failure (SQLITE_BUSY is 5, SQLITE_FULL 13, ...), or -1 when the
     * exception did not come from SQLite.
     */
    public static int primaryResultCode(final SQLException ex)
    {
        if (ex instanceof SQLiteException)
        {
            return ((SQLiteException)ex).getResultCode().code & 0xFF;
        }
        return ex.getErrorCode() > 0 ? ex.getErrorCode() & 0xFF : -1;
    }
}
