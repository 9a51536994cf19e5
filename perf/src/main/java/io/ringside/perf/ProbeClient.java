package io.ringside.perf;

import io.aeron.Aeron;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.CloseHelper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One player as a process of its own, for fault tests: connects over IPC through the given media driver, joins the
 * arena, sends an input per tick, and when the engine stops answering it (no snapshot for a second, as after the
 * process was frozen and the engine let it go) starts over with a new session, and a new Aeron client when its old
 * one died meanwhile. It prints one line per event: {@code connected <session>}, {@code seated <entity>},
 * {@code error <CODE>}, {@code lost}.
 * <pre>
 *   ProbeClient &lt;aeron dir&gt; &lt;player name&gt; &lt;response stream id&gt;
 * </pre>
 */
public final class ProbeClient
{
    private ProbeClient()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String aeronDir = args[0];
        final String name = args[1];
        int streamId = Integer.parseInt(args[2]);
        final long[] lastSnapshotNs = { 0 };
        final GameClientListener listener = new GameClientListener()
        {
            public void onSnapshot(final SnapshotDecoder snapshot)
            {
                lastSnapshotNs[0] = System.nanoTime();
            }

            public void onRoomSnapshot(
                final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
            {
                lastSnapshotNs[0] = System.nanoTime();
            }

            public void onError(final ErrorDecoder error)
            {
                System.out.println("error " + error.code());
            }
        };
        while (!Thread.currentThread().isInterrupted())
        {
            // a process frozen for longer than the driver's client timeout comes back with a dead Aeron client
            // (its conductor missed its service interval, the driver let it go): start over with a new one
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
                .errorHandler(ex -> System.out.println("aeron " + ex.getClass().getSimpleName()))))
            {
                while (!aeron.isClosed())
                {
                    final GameClient client = new GameClient(
                        aeron, "aeron:ipc", 1001, "aeron:ipc", streamId++, listener);
                    try
                    {
                        play(client, name, lastSnapshotNs);
                        System.out.println("lost");
                    }
                    finally
                    {
                        CloseHelper.quietClose(client);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                System.out.println("lost (" + ex.getClass().getSimpleName() + ")");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static void play(final GameClient client, final String name, final long[] lastSnapshotNs)
    {
        awaitSend(client, () -> client.isConnected() ? client.connect(name, new byte[0]) : -1);
        await(client, () -> null != client.sessionResult());
        if (ErrorCode.OK != client.sessionResult())
        {
            System.out.println("refused " + client.sessionResult());
            return;
        }
        System.out.println("connected " + client.sessionId());
        awaitSend(client, () -> client.joinRoom("arena", 0));
        await(client, () -> client.entityId() > 0);
        System.out.println("seated " + client.entityId());
        lastSnapshotNs[0] = System.nanoTime();
        long nextInputNs = System.nanoTime();
        while (System.nanoTime() - lastSnapshotNs[0] < TimeUnit.SECONDS.toNanos(1))
        {
            if (System.nanoTime() >= nextInputNs)
            {
                client.sendInput(0.5f, 0.1f, false);
                nextInputNs += 16_666_667L;
            }
            if (0 == client.poll(64))
            {
                LockSupport.parkNanos(200_000);
            }
        }
    }

    private static void awaitSend(final GameClient client, final java.util.function.LongSupplier send)
    {
        while (send.getAsLong() < 0)
        {
            client.poll(64);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void await(final GameClient client, final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("no answer from the engine within 30 s");
            }
            if (0 == client.poll(64))
            {
                LockSupport.parkNanos(200_000);
            }
        }
    }
}
