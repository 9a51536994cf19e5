package io.ringside.perf;

import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.engine.journal.JournalHandler;
import io.ringside.engine.logic.SnapshotExchange;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.JournalContext;
import io.ringside.journal.SqliteJournal;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Journal events per second, side by side in one run, each score in events per second:
 * <ul>
 *   <li>{@code handlerBatched}: the journal handler fed Input events as the ring delivers them, the batch ending
 *       every 1,000 events (its row cap), so one transaction per 1,000 events, written as one block row;</li>
 *   <li>{@code handlerRowPerTransaction}: the same handler with every event ending its batch, so one transaction
 *       per event (what the journal would do without batching);</li>
 *   <li>{@code plainJdbc1000}: the reference, plain sqlite-jdbc inserting the same events one row each (the
 *       version 1 {@code journal} table, thirteen columns) with one prepared statement and {@code executeBatch},
 *       1,000 rows per transaction: what the handler cost before it wrote blocks.</li>
 * </ul>
 * Each uses a fresh SQLite file (WAL, synchronous=NORMAL) in a temporary folder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JournalBenchmark
{
    static final int ROWS = 1000;

    private Path dir;
    private SqliteJournal journal;
    private JournalHandler handler;
    private final EngineEvent event = new EngineEvent();
    private long sequence;
    private Connection plain;
    private PreparedStatement plainInsert;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException
    {
        dir = Files.createTempDirectory("ringside-journal-bench");
        journal = new SqliteJournal(new JournalContext().path(dir.resolve("handler.db")));
        final OutputLog log = new OutputLog(64 * 1024);
        handler = new JournalHandler(journal, new SnapshotExchange(), 0, log, SystemNanoClock.INSTANCE,
            Integer.MAX_VALUE, 0, Long.MAX_VALUE, Long.MAX_VALUE, new EngineHistograms(), List.of("arena"));

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final InputEncoder input = new InputEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sessionId(12345).inputSequence(1).clientTimestampNs(987654321L).lastServerSequence(77)
            .thrust(0.75f).turn(-0.25f).fire(BooleanType.TRUE);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + input.encodedLength();
        payload = new byte[length];
        buffer.getBytes(0, payload);

        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = InputEncoder.TEMPLATE_ID;
        event.sessionId = 12345;
        event.payload.putBytes(0, payload);
        event.payloadLength = length;

        // the same table the journal writes, in a database of its own
        new SqliteJournal(new JournalContext().path(dir.resolve("plain.db"))).close();
        plain = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"));
        try (Statement s = plain.createStatement())
        {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
        }
        plain.setAutoCommit(false);
        plainInsert = plain.prepareStatement("INSERT INTO journal (sequence, event_type, template_id, session_id, " +
            "player_id, token_high, token_low, seed, tick, ingress_time_ns, reason, correlation_id, payload) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException
    {
        journal.close();
        plainInsert.close();
        plain.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long handlerBatched()
    {
        for (int i = 0; i < ROWS; i++)
        {
            event.timeNs = sequence;
            handler.onEvent(event, sequence++, i == ROWS - 1);
        }
        return handler.commits();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long handlerRowPerTransaction()
    {
        for (int i = 0; i < ROWS; i++)
        {
            event.timeNs = sequence;
            handler.onEvent(event, sequence++, true);
        }
        return handler.commits();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int[] plainJdbc1000() throws SQLException
    {
        for (int i = 0; i < ROWS; i++)
        {
            final long s = sequence++;
            plainInsert.setLong(1, s);
            plainInsert.setInt(2, EventType.CLIENT_MESSAGE);
            plainInsert.setInt(3, InputEncoder.TEMPLATE_ID);
            plainInsert.setLong(4, 12345);
            plainInsert.setLong(5, 0);
            plainInsert.setLong(6, 0);
            plainInsert.setLong(7, 0);
            plainInsert.setLong(8, 0);
            plainInsert.setLong(9, 0);
            plainInsert.setLong(10, s);
            plainInsert.setInt(11, 0);
            plainInsert.setLong(12, 0);
            plainInsert.setBytes(13, payload);
            plainInsert.addBatch();
        }
        final int[] counts = plainInsert.executeBatch();
        plain.commit();
        return counts;
    }
}
