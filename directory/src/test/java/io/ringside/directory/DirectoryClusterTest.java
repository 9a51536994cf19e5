package io.ringside.directory;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.codec.directory.BooleanType;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.EngineReportEncoder;
import io.ringside.codec.directory.EngineState;
import io.ringside.codec.directory.EngineTableDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three real directory members (each its media driver, archive, consensus module and service) in this JVM, and
 * engines as real cluster clients: registration, a second claim on an id, reports and listing, placement by
 * headroom, silence marked gone by the cluster timer, and the leader closed with the directory answering on, its
 * state equal on the members that remain.
 */
@Timeout(180)
class DirectoryClusterTest
{
    private static final long GONE_AFTER_MS = 1_500;

    @TempDir
    Path dir;

    private final List<DirectoryMember> members = new ArrayList<>(List.of());
    private MediaDriver clientDriver;
    private Aeron clientAeron;
    private int basePort;

    @BeforeEach
    void start() throws IOException
    {
        basePort = io.ringside.cluster.ClusterNode.Settings.freeBasePort();
        for (int id = 0; id < 3; id++)
        {
            members.add(launch(id));
        }
        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientDriver.aeronDirectoryName()));
    }

    private DirectoryMember launch(final int id) throws IOException
    {
        final DirectoryMember.Settings settings = new DirectoryMember.Settings()
            .memberId(id).basePort(basePort).dir(dir.toFile()).goneAfterMs(GONE_AFTER_MS)
            .aeronDir(dir.resolve("aeron-" + id).toString());
        return DirectoryMember.launch(settings);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(clientAeron, clientDriver);
        members.forEach(CloseHelper::quietClose);
    }

    @Test
    void placesByHeadroomMarksSilentEnginesGoneAndSurvivesTheLeader() throws Exception
    {
        final Engine one = new Engine(1, 100);
        final Engine two = new Engine(2, 100);
        try (one; two)
        {
            assertEquals(DirectoryCode.OK, one.register(11L));
            assertEquals(DirectoryCode.OK, two.register(22L));

            // another process claiming engine 2 while it is alive is refused; the same instance again is taken
            final Engine impostor = new Engine(2, 100);
            try (impostor)
            {
                assertEquals(DirectoryCode.ENGINE_ID_IN_USE, impostor.register(99L));
            }
            assertEquals(DirectoryCode.OK, two.register(22L));

            // engine 1 is busier: rooms go to engine 2 until its reserved seats pass engine 1's headroom
            one.report(11L, 60, List.of(room(1, 1, 40), room(1, 2, 20)));
            two.report(22L, 10, List.of(room(2, 1, 10)));
            assertEquals(2, one.place(8));
            assertEquals(2, one.place(8));
            assertEquals(2, two.place(8));
            two.report(22L, 70, List.of(room(2, 1, 70)));
            assertEquals(1, two.place(8), "engine 1 now has the most headroom");

            final DirectoryView view = awaitView(v -> v.rooms().size() == 3, "three rooms listed");
            assertEquals(List.of(1L << 32 | 1, 1L << 32 | 2, 2L << 32 | 1),
                view.rooms().stream().map(DirectoryState.ListedRoom::roomId).toList());

            // a report naming another engine's room is refused and changes nothing
            assertEquals(DirectoryCode.BAD_REQUEST, one.reportAndAwait(11L, 1, List.of(room(2, 9, 1))));

            // the leader goes; the other two elect one and keep answering, with the state they agreed on
            final int leader = leaderId();
            members.get(leader).close();
            final long closedAtNs = System.nanoTime();
            assertEquals(1, one.placeWithin(8, 20_000), "placement after the leader went (headroom 24 against 30)");
            final long failoverMs = (System.nanoTime() - closedAtNs) / 1_000_000;
            System.out.println("placement answered " + failoverMs + " ms after the leader was closed");
            assertEquals(DirectoryCode.OK, two.reportAndAwait(22L, 10, List.of(room(2, 1, 10))));
            assertEquals(2, one.place(8), "engine 2 emptied: the most headroom again");

            // engine 2 falls silent: the sweep marks it gone within the bound, and its rooms leave the listing
            final long silentSinceNs = System.nanoTime();
            final long deadlineNs = silentSinceNs + 20_000_000_000L;
            EngineState state = EngineState.ALIVE;
            while (EngineState.GONE != state && System.nanoTime() < deadlineNs)
            {
                one.report(11L, 60, List.of(room(1, 1, 40), room(1, 2, 20)));
                Thread.sleep(200);
                state = one.lastTable.getOrDefault(2, EngineState.ALIVE);
            }
            assertEquals(EngineState.GONE, state, "engine 2 marked gone");
            final long goneMs = (System.nanoTime() - silentSinceNs) / 1_000_000;
            assertTrue(goneMs < GONE_AFTER_MS + 3_000, "marked gone in " + goneMs + " ms");
            assertEquals(1, one.place(8), "nothing is placed on a gone engine");

            final int survivor = leader == 0 ? 1 : 0;
            final int other = 3 - leader - survivor;
            awaitCondition(() -> members.get(survivor).view().rooms().size() == 2 &&
                members.get(survivor).view().stateHash() == members.get(other).view().stateHash() &&
                members.get(survivor).view().logPosition() == members.get(other).view().logPosition(),
                "the remaining members agree");

            // the closed member comes back, catches up from the others and agrees with them
            members.set(leader, launch(leader));
            one.report(11L, 60, List.of(room(1, 1, 40), room(1, 2, 20)));
            awaitCondition(() -> members.get(leader).view().stateHash() == members.get(survivor).view().stateHash() &&
                members.get(leader).view().logPosition() == members.get(survivor).view().logPosition() &&
                members.get(leader).view().logPosition() > 0, "the returned member catches up");
            assertNotEquals(0, members.get(leader).view().engines().size());
        }
    }

    private int leaderId() throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadlineNs)
        {
            for (final DirectoryMember member : members)
            {
                if ("LEADER".equals(member.view().role()))
                {
                    return member.view().memberId();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader");
    }

    private DirectoryView awaitView(final java.util.function.Predicate<DirectoryView> condition, final String what)
        throws InterruptedException
    {
        final DirectoryView[] found = new DirectoryView[1];
        awaitCondition(() ->
        {
            for (final DirectoryMember member : members)
            {
                final DirectoryView view = member.view();
                if (condition.test(view))
                {
                    found[0] = view;
                    return true;
                }
            }
            return false;
        }, what);
        return found[0];
    }

    private static void awaitCondition(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Room room(final int engineId, final int local, final int players)
    {
        return new Room((long)engineId << 32 | local, players);
    }

    record Room(long roomId, int players)
    {
    }

    /**
     * An engine as the directory sees one: a cluster client that registers, reports and asks for placements.
     */
    private final class Engine implements DirectoryClient.Listener, AutoCloseable
    {
        final int engineId;
        final int capacity;
        final DirectoryClient client;
        final Map<Integer, EngineState> lastTable = new HashMap<>();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        DirectoryCode registerCode;
        DirectoryCode tableCode;
        long tablesSeen;
        DirectoryCode placementCode;
        int placedOn;
        long nextCorrelationId = 1;
        long awaited;

        Engine(final int engineId, final int capacity)
        {
            this.engineId = engineId;
            this.capacity = capacity;
            client = new DirectoryClient(clientAeron, io.ringside.cluster.ClusterNode.Settings.ingressEndpoints(
                List.of("localhost", "localhost", "localhost"), basePort), "aeron:udp?endpoint=localhost:0", this);
        }

        DirectoryCode register(final long instanceId) throws InterruptedException
        {
            registerCode = null;
            final long correlationId = nextCorrelationId++;
            awaited = correlationId;
            pump(() -> client.register(correlationId, engineId, instanceId, capacity, "aeron:udp?endpoint=e" +
                engineId + ":40123", "ws://e" + engineId + ":8080/ws", ""), () -> null != registerCode, 20_000);
            return registerCode;
        }

        void report(final long instanceId, final int players, final List<Room> rooms) throws InterruptedException
        {
            reportAndAwait(instanceId, players, rooms);
        }

        DirectoryCode reportAndAwait(final long instanceId, final int players, final List<Room> rooms)
            throws InterruptedException
        {
            final EngineReportEncoder report = new EngineReportEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .engineId(engineId).instanceId(instanceId).reportSequence(tablesSeen).players(players)
                .sessions(players).roomsCreated(rooms.size());
            final EngineReportEncoder.RoomsEncoder group = report.roomsCount(rooms.size());
            for (final Room room : rooms)
            {
                group.next().roomId(room.roomId()).playerCount(room.players()).maxPlayers(64)
                    .privateRoom(BooleanType.FALSE).game("arena").metadata("mode=ffa");
            }
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
            final long seen = tablesSeen;
            pump(() -> client.send(buffer, 0, length), () -> tablesSeen > seen, 20_000);
            return tableCode;
        }

        int place(final int seats) throws InterruptedException
        {
            return placeWithin(seats, 20_000);
        }

        int placeWithin(final int seats, final long timeoutMs) throws InterruptedException
        {
            placementCode = null;
            final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000;
            while (null == placementCode && System.nanoTime() < deadlineNs)
            {
                final long correlationId = nextCorrelationId++;
                awaited = correlationId;
                pump(() -> client.placeRoom(correlationId, engineId, seats, "arena"), () -> null != placementCode,
                    Math.max(1, Math.min(2_000, (deadlineNs - System.nanoTime()) / 1_000_000)));
            }
            if (DirectoryCode.OK != placementCode)
            {
                throw new AssertionError("placement " + placementCode);
            }
            return placedOn;
        }

        /**
         * Send until it is taken, then work until answered or the time is up (a lost request is sent again by the
         * caller, as an engine does).
         */
        private void pump(final BooleanSupplier send, final BooleanSupplier answered, final long timeoutMs)
            throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000;
            boolean sent = false;
            while (System.nanoTime() < deadlineNs)
            {
                client.doWork(System.nanoTime());
                if (!sent)
                {
                    sent = send.getAsBoolean();
                }
                if (sent && answered.getAsBoolean())
                {
                    return;
                }
                Thread.sleep(1);
            }
        }

        public void onConnected(final long clusterSessionId, final int leaderMemberId)
        {
        }

        public void onDisconnected(final String why)
        {
        }

        public void onRegisterResult(final long correlationId, final DirectoryCode code, final int leaderMemberId)
        {
            if (correlationId == awaited)
            {
                registerCode = code;
            }
        }

        public void onEngineTable(final EngineTableDecoder table)
        {
            tableCode = table.code();
            for (final EngineTableDecoder.EnginesDecoder engine : table.engines())
            {
                lastTable.put(engine.engineId(), engine.state());
                engine.skipAeronEndpoint();
                engine.skipWebSocketUrl();
            }
            tablesSeen++;
        }

        public void onPlacement(final long correlationId, final DirectoryCode code, final int engineId)
        {
            if (correlationId == awaited)
            {
                placedOn = engineId;
                placementCode = code;
            }
        }

        public void close()
        {
            client.close();
        }
    }
}
