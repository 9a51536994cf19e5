package io.ringside.engine.egress;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The egress handler driven directly, one ring event at a time with a transport that pushes back on demand: the
 * skip and slow-consumer rules, without threads or a media driver.
 */
class EgressHandlerTest
{
    private final EngineHarness engine = new EngineHarness(new GameRegistry().register(new ArenaGame()), true,
        EngineHarness.defaultSettings(), 128, 4 * 1024);

    private long seated(final long playerId)
    {
        final long session = engine.connect(playerId);
        engine.join(session, "arena", 0, 7);
        engine.ticks(2);
        return session;
    }

    private List<Received> snapshots(final long session)
    {
        return engine.received(session).stream().filter(r -> MessageType.SNAPSHOT == r.type).toList();
    }

    @Test
    void skippedSnapshotsAreCountedAndDeclaredInTheNextWhichIsFull()
    {
        final long session = seated(1);
        final long sentBefore = engine.egress.counters().snapshotsSent();

        engine.transport.backPressure(session, true);
        engine.ticks(4);
        engine.transport.backPressure(session, false);
        engine.ticks(1);

        final List<Received> snapshots = snapshots(session);
        final Received next = snapshots.get(snapshots.size() - 1);
        assertEquals(4, next.skippedCount, "the four it could not take, declared");
        assertEquals(SnapshotType.FULL, next.snapshotType, "and it is whole, not a delta on what was lost");
        assertEquals(4, engine.egress.counters().snapshotsSkipped());
        assertEquals(sentBefore + 1, engine.egress.counters().snapshotsSent());
        final List<Received> all = engine.received(session);
        for (int i = 0; i < all.size(); i++)
        {
            assertEquals(i + 1, all.get(i).sequence, "a skipped snapshot takes no sequence number");
        }
    }

    @Test
    void aClientWhoseStreamStaysFullIsLetGoAsASlowConsumerAndTheLogicIsTold()
    {
        engine.egress.maxSkippedSnapshots(5);
        final long stuck = seated(1);
        final long fine = seated(2);

        engine.transport.backPressure(stuck, true);
        engine.ticks(4);
        assertTrue(engine.transport.isOpen(stuck), "four skips are not yet too many");
        engine.ticks(1);

        assertFalse(engine.transport.isOpen(stuck), "the fifth lets it go");
        assertEquals(1, engine.egress.counters().slowConsumerDisconnects());
        assertEquals(1, engine.logic.counters().sessionsLost(), "the loss entered the ring through the back channel");
        assertTrue(engine.transport.isOpen(fine));
        final long before = snapshots(fine).size();
        engine.ticks(2);
        assertEquals(before + 2, snapshots(fine).size(), "the others carry on");
    }

    @Test
    void aReliableQueueThatOverflowsDisconnectsTheClientWithTheReason()
    {
        final long session = seated(1);
        engine.transport.backPressure(session, true);
        // pings are answered reliably: their pongs queue up behind the pushed-back stream until 4 KiB overflow
        for (int i = 0; i < 200 && engine.transport.isOpen(session); i++)
        {
            engine.ping(session, i);
        }
        assertFalse(engine.transport.isOpen(session), "overflow disconnects");
        assertEquals(1, engine.egress.counters().slowConsumerDisconnects());
        assertTrue(engine.egress.counters().reliableQueued() > 0);
        assertEquals(1, engine.logic.counters().sessionsLost(), "and the logic learns of it in order");
    }
}
