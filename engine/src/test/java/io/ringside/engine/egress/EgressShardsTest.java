package io.ringside.engine.egress;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ServerState;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.support.CapturingTransport;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Egress split into shards, each reading every record and serving only the sessions it owns (id modulo the shard
 * count), driven one ring event at a time: every client hears from exactly one shard, with its exact +1 sequence;
 * room streams stay on shard 0 for the members of every shard; the counters add up over the shards.
 */
class EgressShardsTest
{
    private static final int SHARDS = 3;

    private static EngineHarness engine(final int roomStreamMaxSeats)
    {
        final EngineHarness engine = new EngineHarness(new GameRegistry().register(new ArenaGame()), SHARDS,
            EngineHarness.defaultSettings().roomStreamMaxSeats(roomStreamMaxSeats), 128, 64 * 1024);
        if (roomStreamMaxSeats > 0)
        {
            engine.transport.roomStreams(true);
            for (final EgressHandler shard : engine.egressShards)
            {
                shard.roomStreams(64 * 1024, 512, 10, 64 * 1024);
            }
        }
        return engine;
    }

    private static List<Long> seated(final EngineHarness engine, final int players)
    {
        final List<Long> sessions = new ArrayList<>();
        for (int p = 1; p <= players; p++)
        {
            final long session = engine.connect(p);
            engine.join(session, "arena", 0, 7);
            sessions.add(session);
        }
        return sessions;
    }

    private static void assertGapFree(final List<Received> messages)
    {
        long expected = 1;
        for (final Received message : messages)
        {
            assertEquals(expected++, message.sequence, "every message numbered +1 by the one shard that owns it");
        }
    }

    @Test
    void everyClientHearsFromTheOneShardThatOwnsItWithGapFreeSequences()
    {
        final EngineHarness engine = engine(0);
        final List<Long> sessions = seated(engine, 7);
        final Set<Integer> owners = new HashSet<>();
        for (final long session : sessions)
        {
            owners.add(EgressHandler.shardOf(session, SHARDS));
        }
        assertEquals(SHARDS, owners.size(), "the sessions spread over every shard");

        engine.ticks(5);
        for (int i = 0; i < sessions.size(); i++)
        {
            engine.ping(sessions.get(i), 100 + i);
        }
        engine.ticks(1);

        for (final long session : sessions)
        {
            final int owner = EgressHandler.shardOf(session, SHARDS);
            for (int shard = 0; shard < SHARDS; shard++)
            {
                if (shard != owner)
                {
                    assertTrue(engine.transports[shard].messages(session).isEmpty(),
                        "shard " + shard + " sends nothing to a session of shard " + owner);
                    assertFalse(engine.transports[shard].isOpen(session), "nor opens its stream");
                }
            }
            final List<Received> received = engine.received(session);
            assertGapFree(received);
            assertNotNull(engine.last(session, MessageType.ROOM_JOINED));
            assertEquals(1, engine.transportOf(session).count(session, MessageType.PONG), "its own pong, once");
            assertEquals(6, engine.transportOf(session).count(session, MessageType.SNAPSHOT), "a snapshot a tick");
            assertEquals(io.ringside.codec.sbe.SnapshotType.FULL,
                engine.received(session).stream().filter(r -> MessageType.SNAPSHOT == r.type).findFirst()
                    .orElseThrow().snapshotType, "its first snapshot is its own full view");
            assertEquals(0, engine.transportOf(session).invalidMessages());
        }

        final EgressCounters counters = engine.egress.counters();
        assertEquals(sessions.size() * 6L, counters.snapshotsSent(), "every shard's snapshots, summed");
        int clients = 0;
        for (final EgressHandler shard : engine.egressShards)
        {
            assertTrue(shard.clientCount() > 0);
            clients += shard.clientCount();
        }
        assertEquals(sessions.size(), clients, "each client in one shard's books");
    }

    @Test
    void messagesToEveryoneReachEveryClientOnceThroughItsOwnShard()
    {
        final EngineHarness engine = engine(0);
        final List<Long> sessions = seated(engine, 5);
        engine.serverState(ServerState.SHUTTING_DOWN);
        engine.ticks(1);
        for (final long session : sessions)
        {
            assertEquals(1, engine.transportOf(session).count(session, MessageType.SERVER_STATUS));
            assertGapFree(engine.received(session));
        }
    }

    @Test
    void roomStreamsStayOnShardZeroForTheMembersOfEveryShard()
    {
        final EngineHarness engine = engine(128);
        final List<Long> sessions = seated(engine, 6);
        final long roomId = engine.last(sessions.get(0), MessageType.ROOM_JOINED).roomId;
        assertEquals(new HashSet<>(sessions), engine.transport.roomMembers(roomId),
            "shard 0's transport carries the room stream to every member, whichever shard owns it");
        assertEquals(0, engine.transport.roomJoinsWithoutChannel(), "on the channel each gave at connect");

        engine.ticks(4);
        assertEquals(4, engine.transport.roomMessages(roomId).size(), "one RoomSnapshot a tick, encoded once");
        for (int shard = 1; shard < SHARDS; shard++)
        {
            final CapturingTransport other = engine.transports[shard];
            assertTrue(other.roomMembers(roomId).isEmpty(), "no other shard has a room stream");
        }
        for (final long session : sessions)
        {
            assertEquals(0, engine.transportOf(session).count(session, MessageType.SNAPSHOT), "no per-client view");
            assertGapFree(engine.received(session));
        }
        assertEquals(4, engine.egress.counters().roomSnapshotsSent());

        final long leaver = firstOf(sessions, 1);
        engine.leave(leaver);
        final long dropped = firstOf(sessions, 2);
        engine.disconnect(dropped);
        engine.ticks(1);
        final Set<Long> members = engine.transport.roomMembers(roomId);
        assertFalse(members.contains(leaver), "a member of shard 1 that left reads no more of the room");
        assertFalse(members.contains(dropped), "nor one of shard 2 that disconnected");
        assertEquals(sessions.size() - 2, members.size());

        for (final long session : sessions)
        {
            if (session != leaver && session != dropped)
            {
                engine.disconnect(session);
            }
        }
        engine.ticks(1);
        assertTrue(engine.transport.roomMembers(roomId).isEmpty());
        assertEquals(0, engine.egress.roomFanOut().roomCount(), "shard 0 forgets the room with its last member");
    }

    @Test
    void aMemberOfAnotherShardThatIsLostLeavesTheRoomStreamAndRejoinsItOnResume()
    {
        final EngineHarness engine = engine(128);
        final List<Long> sessions = seated(engine, 6);
        final long roomId = engine.last(sessions.get(0), MessageType.ROOM_JOINED).roomId;
        final long held = firstOf(sessions, 2);
        final Received result = engine.last(held, MessageType.SESSION_RESULT);

        engine.sessionLost(held, io.ringside.codec.sbe.ErrorCode.SLOW_CONSUMER);
        engine.ticks(1);
        assertFalse(engine.transport.roomMembers(roomId).contains(held), "its stream closed: off the room stream");
        assertEquals(1, engine.egress.roomFanOut().roomCount(), "its seat is held, the room with it");

        engine.reconnect(held, result.tokenHigh, result.tokenLow);
        engine.ticks(1);
        assertTrue(engine.transport.roomMembers(roomId).contains(held), "resumed: on the room stream again");
        assertEquals(0, engine.transport.roomJoinsWithoutChannel(), "on the channel it gave when it resumed");
        assertEquals(sessions.size(), engine.transport.roomMembers(roomId).size());
    }

    private static long firstOf(final List<Long> sessions, final int shard)
    {
        for (final long session : sessions)
        {
            if (EgressHandler.shardOf(session, SHARDS) == shard)
            {
                return session;
            }
        }
        throw new AssertionError("no session of shard " + shard);
    }
}
