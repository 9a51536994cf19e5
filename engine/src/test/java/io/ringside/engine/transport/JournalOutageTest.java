package io.ringside.engine.transport;

import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database stops taking writes while a client plays over real Aeron with a real SQLite journal (a refusing
 * trigger, immutable files, a full filesystem: see {@link DiskFault}): the client is told (ServerStatus DEGRADED), its
 * input stops being taken while snapshots keep coming, nothing is lost, and when writing works again the client is
 * told RUNNING and its input is taken again.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JournalOutageTest
{
    @TempDir
    Path dir;

    private NetworkFixture network;
    private DiskFault fault;

    @AfterEach
    void close()
    {
        try
        {
            if (null != network)
            {
                network.close();
            }
        }
        finally
        {
            if (null != fault)
            {
                fault.close();
            }
        }
    }

    private static final class Watcher implements GameClientListener
    {
        final List<ServerState> states = new ArrayList<>();
        long lastAckedInput;
        long snapshots;

        public void onServerStatus(final ServerStatusDecoder status)
        {
            states.add(status.state());
        }

        public void onSnapshot(final SnapshotDecoder snapshot)
        {
            snapshots++;
            lastAckedInput = snapshot.lastInputSequence();
        }

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
        {
            snapshots++;
            lastAckedInput = lastInputSequence;
        }
    }

    @ParameterizedTest
    @EnumSource(DiskFault.Kind.class)
    void clientsAreToldInputPausesNothingIsLostAndItResumes(final DiskFault.Kind kind) throws Exception
    {
        fault = DiskFault.create(kind, dir);
        final JournalContext journal = new JournalContext().path(fault.database())
            .retryBackoffNs(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(20));
        network = new NetworkFixture(false, NetworkFixture.engineContext().journalContext(journal),
            new IngressContext());
        final Watcher watcher = new Watcher();
        final GameClient client = network.client(watcher);
        network.seat(client, "dora");
        send(() -> client.sendInput(0.5f, 0.1f, false));
        network.pollUntil("input acknowledged", 10_000, () -> watcher.lastAckedInput == client.inputSequence());

        fault.inject();
        network.pollUntil("told DEGRADED", 40_000, () ->
        {
            send(() -> client.sendInput(0.5f, 0.1f, false));
            network.pollFor(20);
            return watcher.states.contains(ServerState.DEGRADED);
        });
        assertFalse(network.engine.pipeline().context().journal().status().isWritable());
        final String error = network.engine.pipeline().context().journal().status().lastError();
        System.out.println(kind + ": " + error);
        assertTrue(java.util.regex.Pattern.compile(kind.sqliteError).matcher(error).find(),
            kind + " should fail with " + kind.sqliteError + ": " + error);

        // input sent now waits: snapshots keep coming, but none acknowledges it
        final long ackedWhenDegraded = watcher.lastAckedInput;
        for (int i = 0; i < 10; i++)
        {
            send(() -> client.sendInput(0.2f, 0.0f, false));
        }
        final long lastSent = client.inputSequence();
        final long snapshotsBefore = watcher.snapshots;
        network.pollFor(500);
        assertTrue(watcher.snapshots > snapshotsBefore + 10, "snapshots keep coming while degraded");
        assertTrue(watcher.lastAckedInput < lastSent, "input is not taken while the journal cannot write");
        assertTrue(network.engine.ingress().counters().journalPausedPolls() > 0);
        assertTrue(watcher.lastAckedInput >= ackedWhenDegraded);

        fault.heal();
        network.pollUntil("told RUNNING again", 10_000,
            () -> watcher.states.lastIndexOf(ServerState.RUNNING) > watcher.states.indexOf(ServerState.DEGRADED));
        network.pollUntil("the waiting input is taken", 10_000, () -> watcher.lastAckedInput == lastSent);
        assertTrue(network.engine.pipeline().context().journal().status().isWritable());

        final io.ringside.engine.Engine engine = network.engine;
        network.close();
        network = null;
        final long journaled = engine.pipeline().journalHandler().eventsJournaled();
        assertEquals(0, engine.pipeline().context().journal().status().rowsAbandoned());
        try (JournalReader reader = new JournalReader(journal))
        {
            assertEquals(journaled, reader.eventCount(), "every event the stage took is in the database");
        }
    }
}
