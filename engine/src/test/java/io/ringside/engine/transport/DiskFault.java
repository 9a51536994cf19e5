package io.ringside.engine.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A journal database that stops taking writes in the middle of a run, and starts again when {@link #heal healed}.
 * Three real ways: SQLite itself refusing every insert (a trigger), the database files made immutable (chattr +i: no
 * write succeeds, not even through descriptors already open, and not even for root), and the database on a small
 * tmpfs of its own that is filled to the last byte. The last two need root (CAP_LINUX_IMMUTABLE, CAP_SYS_ADMIN), as
 * the test machines and CI have.
 */
abstract class DiskFault implements AutoCloseable
{
    enum Kind
    {
        SQL_TRIGGER("SQLITE_CONSTRAINT"),
        IMMUTABLE_FILES("SQLITE_(IOERR|READONLY)"),
        FULL_FILESYSTEM("SQLITE_FULL");

        /**
         * What SQLite says when the fault bites (a pattern): a write through the open connection fails with an I/O
         * error, and the fresh connection the journal then opens finds the file read-only.
         */
        final String sqliteError;

        Kind(final String sqliteError)
        {
            this.sqliteError = sqliteError;
        }
    }

    static DiskFault create(final Kind kind, final Path dir) throws IOException
    {
        switch (kind)
        {
            case SQL_TRIGGER:
                return new Trigger(dir.resolve("ringside.db"));
            case IMMUTABLE_FILES:
                return new Immutable(dir.resolve("ringside.db"));
            default:
                return new FullFilesystem(dir.resolve("small"));
        }
    }

    /**
     * @return where the journal's database must live for this fault to reach it.
     */
    abstract Path database();

    abstract void inject() throws Exception;

    abstract void heal() throws Exception;

    public void close()
    {
    }

    /**
     * Make every insert into a journal fail inside SQLite, as on a full or read-only disk, or undo it.
     */
    static void refuseJournalInserts(final Path db, final boolean refuse) throws SQLException
    {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement())
        {
            s.executeUpdate(refuse ? "CREATE TRIGGER refuse BEFORE INSERT ON journal_block BEGIN " +
                "SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END" : "DROP TRIGGER refuse");
        }
    }

    static void run(final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || 0 != process.exitValue())
            {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static final class Trigger extends DiskFault
    {
        private final Path db;

        Trigger(final Path db)
        {
            this.db = db;
        }

        Path database()
        {
            return db;
        }

        void inject() throws SQLException
        {
            refuseJournalInserts(db, true);
        }

        void heal() throws SQLException
        {
            refuseJournalInserts(db, false);
        }
    }

    private static final class Immutable extends DiskFault
    {
        private final Path db;
        private final List<Path> frozen = new ArrayList<>();

        Immutable(final Path db)
        {
            this.db = db;
        }

        Path database()
        {
            return db;
        }

        void inject() throws IOException
        {
            for (final String suffix : new String[]{ "", "-wal" })
            {
                final Path file = Path.of(db + suffix);
                if (Files.exists(file))
                {
                    run("chattr", "+i", file.toString());
                    frozen.add(file);
                }
            }
        }

        void heal() throws IOException
        {
            for (final Path file : frozen)
            {
                run("chattr", "-i", file.toString());
            }
            frozen.clear();
        }

        public void close()
        {
            try
            {
                heal();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static final class FullFilesystem extends DiskFault
    {
        private static final int SIZE_MB = 16;

        private final Path mountPoint;
        private final Path filler;
        private boolean mounted;

        FullFilesystem(final Path mountPoint) throws IOException
        {
            this.mountPoint = Files.createDirectories(mountPoint);
            this.filler = mountPoint.resolve("filler");
            run("mount", "-t", "tmpfs", "-o", "size=" + SIZE_MB + "m,mode=0700", "ringside-test",
                mountPoint.toString());
            mounted = true;
        }

        Path database()
        {
            return mountPoint.resolve("ringside.db");
        }

        /**
         * Write a filler file until the filesystem has no byte left.
         */
        void inject() throws IOException
        {
            final byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(filler))
            {
                for (int size = chunk.length; size > 0; size /= 2)
                {
                    try
                    {
                        while (true)
                        {
                            out.write(chunk, 0, size);
                            out.flush();
                        }
                    }
                    catch (final IOException full)
                    {
                        if (!String.valueOf(full.getMessage()).contains("No space left"))
                        {
                            throw full;
                        }
                    }
                }
            }
            catch (final IOException full)
            {
                if (!String.valueOf(full.getMessage()).contains("No space left"))
                {
                    throw full;
                }
            }
        }

        void heal() throws IOException
        {
            Files.deleteIfExists(filler);
        }

        public void close()
        {
            if (mounted)
            {
                try
                {
                    run("umount", "-l", mountPoint.toString());
                    mounted = false;
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }
}
