package io.ringside.engine.journal;

import io.ringside.codec.MessagePrinter;
import io.ringside.engine.EngineConfiguration;
import io.ringside.engine.EngineContext;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Look into a journal ({@code bin/journal}): list rows with their SBE payloads decoded to text, print player state
 * and engine snapshots, and replay to a sequence printing the state hash. Read only; safe beside a running engine.
 * <pre>
 *   bin/journal list [--db data/ringside.db] [--from SEQ] [--limit N]
 *   bin/journal players [--db ...]
 *   bin/journal snapshots [--db ...]
 *   bin/journal replay [--db ...] [--to SEQ]
 * </pre>
 * Replay uses the engine's games with the settings the {@code ringside.*} system properties give, which must be the
 * ones the journal was written with.
 */
public final class JournalTool
{
    private JournalTool()
    {
    }

    public static void main(final String[] args)
    {
        if (0 == args.length || "--help".equals(args[0]) || "-h".equals(args[0]))
        {
            usage(System.out);
            return;
        }
        Path db = Path.of(System.getProperty(EngineConfiguration.JOURNAL_PATH_PROP_NAME,
            EngineConfiguration.JOURNAL_PATH_DEFAULT));
        long from = -1;
        long to = Long.MAX_VALUE;
        long limit = 100;
        for (int i = 1; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--db" -> db = Path.of(required(args[i], value));
                case "--from" -> from = Long.parseLong(required(args[i], value));
                case "--to" -> to = Long.parseLong(required(args[i], value));
                case "--limit" -> limit = Long.parseLong(required(args[i], value));
                default ->
                {
                    System.err.println("unknown option " + args[i]);
                    usage(System.err);
                    System.exit(2);
                }
            }
            i++;
        }

        final JournalContext settings = new JournalContext().path(db);
        try (JournalReader reader = new JournalReader(settings))
        {
            switch (args[0])
            {
                case "list" -> list(reader, from, limit, System.out);
                case "players" -> reader.playerStates(p -> System.out.printf(
                    "player %d %s room %d %s, %d bytes saved: %s%n", p.playerId(), p.game(), p.roomId(),
                    p.connected() ? "connected" : "away", p.state().length, HexFormat.of().formatHex(p.state())));
                case "snapshots" -> snapshots(reader, System.out);
                case "replay" -> replay(reader, to, System.out);
                default ->
                {
                    System.err.println("unknown command " + args[0]);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
    }

    private static String required(final String option, final String value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: bin/journal list|players|snapshots|replay [--db FILE] [--from SEQ] [--limit N] [--to SEQ]");
    }

    static void list(final JournalReader reader, final long from, final long limit, final PrintStream out)
    {
        final MessagePrinter printer = new MessagePrinter();
        final StringBuilder text = new StringBuilder();
        final long[] left = { limit };
        reader.readEvents(from, Long.MAX_VALUE, row ->
        {
            text.setLength(0);
            text.append(row.sequence).append(' ').append(EventType.name(row.type))
                .append(" tick=").append(row.tick).append(" time=").append(row.timeNs)
                .append(" session=").append(row.sessionId);
            if (0 != row.playerId)
            {
                text.append(" player=").append(row.playerId);
            }
            if (0 != row.reason)
            {
                text.append(" reason=").append(row.reason);
            }
            if (row.payloadLength > 0)
            {
                text.append(' ');
                printPayload(printer, row.payload, row.payloadLength, text);
            }
            out.println(text);
            return --left[0] > 0;
        });
    }

    private static void printPayload(
        final MessagePrinter printer, final DirectBuffer payload, final int length, final StringBuilder text)
    {
        try
        {
            printer.print(payload, 0, length, text);
        }
        catch (final RuntimeException ex)
        {
            text.append("<").append(length).append(" bytes that do not decode: ").append(ex.getMessage()).append('>');
        }
    }

    private static void snapshots(final JournalReader reader, final PrintStream out)
    {
        final JournalReader.Snapshot latest = reader.latestSnapshot();
        out.printf("%d engine snapshots, %d journal events in %d blocks, last sequence %d%n", reader.snapshotCount(),
            reader.eventCount(), reader.eventBlockCount(), reader.lastSequence());
        if (null != latest)
        {
            out.printf("latest: sequence %d tick %d state hash %016x, %d bytes%n", latest.sequence(), latest.tick(),
                latest.stateHash(), latest.state().length);
        }
    }

    public static Recovery.Result replay(final JournalReader reader, final long to, final PrintStream out)
    {
        final EngineContext context = new EngineContext().egressTransport(new NoEgress()).conclude();
        final GameLogicHandler logic = new GameLogicHandler(context.games(), context.logicContext());
        final OutputLog log = new OutputLog(context.outputLogCapacityBytes());
        log.addConsumer();
        logic.output(new OutputWriter(log, new YieldingIdleStrategy(), logic));
        final Recovery.Result result = Recovery.recover(reader, logic, log, to);
        out.println(result);
        out.printf("state hash %016x at sequence %d%n", result.stateHash(), result.lastSequence());
        return result;
    }

    /**
     * Replay sends nothing: conclude() wants a transport, and this one refuses every offer.
     */
    private static final class NoEgress implements EgressTransport
    {
        public void onSessionOpened(
            final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
        {
        }

        public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
        {
            return NOT_CONNECTED;
        }

        public void onSessionClosed(final long sessionId)
        {
        }
    }
}
