package io.ringside.engine.egress;

import io.ringside.codec.MessageType;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms broadcast on a room stream, egress driven one ring event at a time with a transport that carries room
 * streams: one RoomSnapshot per room tick whatever the number of members, its own sequence, keyframes, declared
 * skips, every member's acknowledgement, and the stream's membership following the room's.
 */
class RoomFanOutTest
{
    private static final int KEYFRAME_INTERVAL = 10;

    private final EngineHarness engine = new EngineHarness(new GameRegistry().register(new ArenaGame()), true,
        EngineHarness.defaultSettings().roomStreamMaxSeats(128), 128, 64 * 1024);

    RoomFanOutTest()
    {
        engine.transport.roomStreams(true);
        engine.egress.roomStreams(64 * 1024, 512, KEYFRAME_INTERVAL, 64 * 1024);
    }

    private long seated(final long playerId)
    {
        final long session = engine.connect(playerId);
        engine.join(session, "arena", 0, 7);
        return session;
    }

    private List<Received> roomMessages(final long roomId)
    {
        return Received.decodeAll(engine.transport.roomMessages(roomId));
    }

    @Test
    void aRoomTickIsEncodedOnceForEveryMemberWithItsOwnSequence()
    {
        final long a = seated(1);
        final long b = seated(2);
        final long c = seated(3);
        final Received joined = engine.last(a, MessageType.ROOM_JOINED);
        assertTrue(ProtocolLimits.isRoomStreamId(joined.roomStreamId), "RoomJoined names the room's stream");
        assertEquals(ProtocolLimits.roomStreamId(joined.roomId), engine.transport.roomStreamId(joined.roomId));
        assertEquals(Set.of(a, b, c), engine.transport.roomMembers(joined.roomId));

        engine.ticks(6);

        final List<Received> room = roomMessages(joined.roomId);
        assertEquals(6, room.size(), "one message per room tick, not one per member");
        for (int i = 0; i < room.size(); i++)
        {
            assertEquals(MessageType.ROOM_SNAPSHOT, room.get(i).type);
            assertEquals(i + 1, room.get(i).sequence, "the room sequence rises by exactly one");
            assertEquals(3, room.get(i).members.size(), "every member's acknowledgement");
        }
        assertEquals(SnapshotType.FULL, room.get(0).snapshotType);
        assertEquals(3, room.get(0).entities.size(), "three ships, all of them: a broadcast room has no view radius");
        for (int i = 1; i < room.size(); i++)
        {
            assertEquals(SnapshotType.DELTA, room.get(i).snapshotType);
            assertEquals(i, room.get(i).baselineSequence, "a delta is against the previous room message");
        }
        for (final long session : new long[]{ a, b, c })
        {
            assertEquals(0, engine.transport.count(session, MessageType.SNAPSHOT), "no per-client snapshot");
        }
        assertEquals(6, engine.egress.counters().roomSnapshotsSent());
        assertEquals(0, engine.egress.counters().snapshotsSent());
    }

    @Test
    void eachMembersLastInputIsAcknowledgedInTheRoomSnapshot()
    {
        final long a = seated(1);
        final long b = seated(2);
        engine.ticks(1);
        engine.input(a, 41, 1.0f, 0.0f, false);
        engine.input(b, 7, 0.5f, 0.5f, false);
        engine.ticks(1);

        final Received joinedA = engine.last(a, MessageType.ROOM_JOINED);
        final Received joinedB = engine.last(b, MessageType.ROOM_JOINED);
        final List<Received> room = roomMessages(joinedA.roomId);
        final Map<Integer, Received.Member> byEntity = new HashMap<>();
        for (final Received.Member m : room.get(room.size() - 1).members)
        {
            byEntity.put(m.entityId(), m);
        }
        assertEquals(41, byEntity.get(joinedA.entityId).lastInputSequence());
        assertEquals(41_000_000L, byEntity.get(joinedA.entityId).lastInputTimeNs(), "the client timestamp, echoed");
        assertEquals(7, byEntity.get(joinedB.entityId).lastInputSequence());
    }

    @Test
    void keyframesComeAtTheIntervalAndWhenAMemberJoins()
    {
        final long a = seated(1);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.ticks(2 * KEYFRAME_INTERVAL + 3);
        seated(2);
        engine.ticks(2);

        final List<Received> room = roomMessages(roomId);
        for (final Received r : room)
        {
            final boolean keyframeDue = (r.sequence - 1) % KEYFRAME_INTERVAL == 0;
            if (r.sequence <= 2 * KEYFRAME_INTERVAL + 3)
            {
                assertEquals(keyframeDue ? SnapshotType.FULL : SnapshotType.DELTA, r.snapshotType, r.toString());
            }
        }
        final Received afterJoin = room.get(2 * KEYFRAME_INTERVAL + 3);
        assertEquals(SnapshotType.FULL, afterJoin.snapshotType, "the newcomer gets a whole picture at once");
        assertEquals(2, afterJoin.entities.size());
        assertEquals(SnapshotType.DELTA, room.get(room.size() - 1).snapshotType);
        assertEquals(4, engine.egress.counters().roomKeyframes(), "at 1, 11, 21 by the interval, and the join");
    }

    @Test
    void aTickTheStreamDoesNotTakeIsDeclaredAndTheNextIsADeltaOnWhatWasTaken()
    {
        final long a = seated(1);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.ticks(3);

        engine.transport.backPressureRoom(roomId, true);
        engine.input(a, 1, 1.0f, 0.0f, false);
        engine.ticks(4);
        engine.transport.backPressureRoom(roomId, false);
        engine.ticks(1);

        final List<Received> room = roomMessages(roomId);
        assertEquals(4, room.size());
        final Received next = room.get(3);
        assertEquals(4, next.sequence, "a tick not taken takes no room sequence: no gap for the readers");
        assertEquals(4, next.skippedCount, "the four ticks not taken, declared");
        assertEquals(SnapshotType.DELTA, next.snapshotType);
        assertEquals(3, next.baselineSequence, "against the last picture the readers have");
        final Received.Entity ship = next.entity(engine.last(a, MessageType.ROOM_JOINED).entityId);
        assertNotNull(ship, "the ship moved since the last picture taken, so it is in the delta");
        assertEquals(4, engine.egress.counters().roomSnapshotsSkipped());
    }

    @Test
    void theRoomStreamFollowsItsMembersAndClosesWithTheLast()
    {
        final long a = seated(1);
        final long b = seated(2);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.ticks(1);

        engine.leave(a);
        assertEquals(Set.of(b), engine.transport.roomMembers(roomId));
        engine.ticks(1);
        final Received afterLeave = roomMessages(roomId).get(1);
        assertEquals(1, afterLeave.members.size());
        assertTrue(afterLeave.removed.contains(engine.last(a, MessageType.ROOM_JOINED).entityId) ||
            afterLeave.entities.size() == 1, "the leaver's ship is gone from the room");

        engine.disconnect(b);
        engine.ticks(1);
        assertTrue(engine.transport.roomMembers(roomId).isEmpty(), "the last member's leaving closes the stream");
        assertFalse(engine.egress.roomFanOut().roomCount() > 0, "and egress forgets the room's stream");
    }

    @Test
    void aRoomWithMoreSeatsThanTheBroadcastLimitKeepsPerClientSnapshots()
    {
        final EngineHarness large = new EngineHarness(new GameRegistry().register(new ArenaGame()), true,
            EngineHarness.defaultSettings().roomStreamMaxSeats(8), 128, 64 * 1024);
        large.transport.roomStreams(true);
        large.egress.roomStreams(64 * 1024, 512, KEYFRAME_INTERVAL, 64 * 1024);
        final long session = large.connect(1);
        large.join(session, "arena", 0, 7);
        large.ticks(3);

        final Received joined = large.last(session, MessageType.ROOM_JOINED);
        assertEquals(0, joined.roomStreamId, "the arena's 64 seats are more than 8: no room stream");
        assertTrue(large.transport.roomMembers(joined.roomId).isEmpty());
        assertEquals(3, large.transport.count(session, MessageType.SNAPSHOT));
    }
}
