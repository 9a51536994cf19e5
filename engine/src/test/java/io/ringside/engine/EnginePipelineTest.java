package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.ring.EventPublisher;
import io.ringside.engine.support.CapturingTransport;
import io.ringside.engine.support.ClientMessages;
import io.ringside.engine.support.LineGame;
import io.ringside.engine.support.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real ring with its stage threads; the test thread is the producer. The output log is kept small so that it
 * wraps many times under the gating of its readers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EnginePipelineTest
{
    private static final long TICK_NS = 16_666_667L;

    private final CapturingTransport transport = new CapturingTransport();
    private final ClientMessages messages = new ClientMessages();
    private EnginePipeline pipeline;
    private EventPublisher publisher;
    private long tick;
    private long nextSessionId = 500;

    private void start(final GameRegistry games, final int reliableQueueCapacityBytes)
    {
        pipeline = new EnginePipeline(new EngineContext()
            .games(games)
            .egressTransport(transport)
            .ringSize(1024)
            .outputLogCapacityBytes(256 * 1024)
            .maxFrameEntities(4096)
            .reliableQueueCapacityBytes(reliableQueueCapacityBytes)
            .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(60)))
            .start();
        publisher = pipeline.publisher();
    }

    @AfterEach
    void close()
    {
        if (null != pipeline)
        {
            pipeline.close();
            assertEquals(0, pipeline.faults(), "no stage faulted");
        }
    }

    private void publish()
    {
        while (!publisher.publishClientMessage(messages.templateId, 0, 0, 0, 0, 0, ErrorCode.OK, 0,
            messages.buffer, 0, messages.length))
        {
            Thread.yield();
        }
    }

    private long connect(final long playerId)
    {
        final long sessionId = nextSessionId++;
        messages.connect(playerId, "aeron:ipc", 1);
        while (!publisher.publishClientMessage(messages.templateId, sessionId, playerId, sessionId, ~sessionId, 0,
            ErrorCode.OK, 0, messages.buffer, 0, messages.length))
        {
            Thread.yield();
        }
        return sessionId;
    }

    private void join(final long sessionId, final String game)
    {
        messages.joinRoom(1, sessionId, 0, game);
        while (!publisher.publishClientMessage(messages.templateId, sessionId, 0, 0, 0, sessionId, ErrorCode.OK, 0,
            messages.buffer, 0, messages.length))
        {
            Thread.yield();
        }
    }

    private void tick()
    {
        tick++;
        while (!publisher.publishTick(tick, tick * TICK_NS))
        {
            Thread.yield();
        }
        pipeline.producerCommands().drain((sessionId, reason) ->
        {
            while (!publisher.publishSessionLost(sessionId, reason, tick * TICK_NS))
            {
                Thread.yield();
            }
        }, 100);
    }

    private void drain()
    {
        assertTrue(pipeline.awaitDrained(TimeUnit.SECONDS.toNanos(20)), "pipeline drained");
    }

    private static void assertGapFree(final List<Received> received)
    {
        for (int i = 0; i < received.size(); i++)
        {
            assertEquals(i + 1, received.get(i).sequence, "message " + i);
        }
    }

    @Test
    void everyClientGetsGapFreeSequencesAndASnapshotPerTick()
    {
        start(new GameRegistry().register(new ArenaGame(new ArenaSettings().maxPlayers(8))), 64 * 1024);
        final int clients = 24;
        final long[] sessions = new long[clients];
        for (int c = 0; c < clients; c++)
        {
            sessions[c] = connect(c + 1);
            join(sessions[c], "arena");
        }

        final int ticks = 300;
        for (int t = 0; t < ticks; t++)
        {
            for (int c = 0; c < clients; c++)
            {
                messages.input(sessions[c], t + 1, t, (c % 3) - 1, (c % 5) / 4f, c % 2 == 0);
                publish();
                if (t % 30 == c % 30)
                {
                    messages.ping(sessions[c], t, t);
                    publish();
                }
            }
            tick();
        }
        drain();

        for (int c = 0; c < clients; c++)
        {
            final List<Received> received = Received.decodeAll(transport.messages(sessions[c]));
            assertGapFree(received);
            assertEquals(ticks, received.stream().filter(r -> r.type == MessageType.SNAPSHOT).count());
            assertEquals(10, received.stream().filter(r -> r.type == MessageType.PONG).count());
        }
        assertEquals(0, transport.invalidMessages());
        assertEquals(clients * ticks, pipeline.egress().counters().snapshotsSent());
        assertEquals(0, pipeline.egress().counters().snapshotsSkipped());
        assertTrue(pipeline.outputLog().position() > 4L * pipeline.outputLog().capacity(),
            "the output log wrapped several times");
    }

    @Test
    void snapshotsThatCannotBeOfferedAreSkippedAndDeclared()
    {
        start(new GameRegistry().register(new LineGame(8, 0, 10)), 64 * 1024);
        final long slow = connect(1);
        final long steady = connect(2);
        join(slow, "line");
        join(steady, "line");
        for (int t = 0; t < 10; t++)
        {
            tick();
        }
        drain();

        transport.backPressure(slow, true);
        for (int t = 0; t < 30; t++)
        {
            tick();
        }
        drain();
        transport.backPressure(slow, false);
        tick();
        tick();
        drain();

        final List<Received> received = Received.decodeAll(transport.messages(slow));
        assertGapFree(received);
        final List<Received> snapshots = received.stream().filter(r -> r.type == MessageType.SNAPSHOT)
            .collect(Collectors.toList());
        assertEquals(12, snapshots.size());
        final Received afterSkip = snapshots.get(10);
        assertEquals(SnapshotType.FULL, afterSkip.snapshotType, "a full snapshot after a skip");
        assertEquals(30, afterSkip.skippedCount, "declares how many were skipped");
        assertEquals(SnapshotType.DELTA, snapshots.get(11).snapshotType);
        assertEquals(0, snapshots.get(11).skippedCount);

        assertEquals(42, transport.count(steady, MessageType.SNAPSHOT), "the other client was unaffected");
        assertGapFree(Received.decodeAll(transport.messages(steady)));
        assertEquals(30, pipeline.egress().counters().snapshotsSkipped());
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAsASlowConsumerWhileOthersCarryOn()
    {
        start(new GameRegistry().register(new ArenaGame(new ArenaSettings().maxPlayers(8))), 1024);
        final long slow = connect(1);
        final long other = connect(2);
        join(slow, "arena");
        join(other, "arena");
        tick();
        drain();

        transport.backPressure(slow, true);
        for (int t = 0; t < 60; t++)
        {
            messages.ping(slow, t, t);
            publish();
            tick();
        }
        drain();
        for (int t = 0; t < 5; t++)
        {
            tick();
        }
        drain();

        assertTrue(transport.wasClosed(slow), "its stream was closed");
        assertEquals(1, pipeline.egress().counters().slowConsumerDisconnects());
        assertEquals(1, pipeline.logic().counters().sessionsLost(), "the loss entered the ring as an event");
        assertTrue(pipeline.egress().counters().reliableDiscarded() > 0, "what it could not take is counted");

        final List<Received> received = Received.decodeAll(transport.messages(other));
        assertGapFree(received);
        assertEquals(66, received.stream().filter(r -> r.type == MessageType.SNAPSHOT).count());
        assertFalse(transport.wasClosed(other));
    }

    @Test
    void interestManagementThroughTheRing()
    {
        start(new GameRegistry().register(new LineGame(8, 150, 100)), 64 * 1024);
        final long[] sessions = new long[6];
        for (int p = 1; p <= 5; p++)
        {
            sessions[p] = connect(p);
            join(sessions[p], "line");
        }
        tick();
        drain();

        final Received end = Received.decodeAll(transport.messages(sessions[1])).stream()
            .filter(r -> r.type == MessageType.SNAPSHOT).findFirst().orElseThrow();
        assertEquals(List.of(101, 102), end.entities.stream().map(Received.Entity::id).sorted()
            .collect(Collectors.toList()));
        final Received middle = Received.decodeAll(transport.messages(sessions[3])).stream()
            .filter(r -> r.type == MessageType.SNAPSHOT).findFirst().orElseThrow();
        assertNotNull(middle.entity(102));
        assertNotNull(middle.entity(104));
        assertEquals(3, middle.entities.size());
    }
}
