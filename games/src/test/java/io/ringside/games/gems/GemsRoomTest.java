package io.ringside.games.gems;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.logic.BufferStateWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gems' rules, driven through the calls the engine makes at 30 room ticks a second.
 */
class GemsRoomTest
{
    private static final long TICK_NS = 33_333_333L;

    /**
     * Messages as (recipient entity or 0 for the room, opcode, first int of the payload).
     */
    private final List<int[]> messages = new ArrayList<>();
    private final GameEvents events = new GameEvents()
    {
        public void toRoom(final GameEventType type, final int subjectId, final int objectId, final int value,
            final float x, final float y)
        {
        }

        public void toPlayer(final int recipientEntityId, final GameEventType type, final int subjectId,
            final int objectId, final int value, final float x, final float y)
        {
        }

        public void messageToPlayer(final int recipientEntityId, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            messages.add(new int[]{ recipientEntityId, opcode, payload.getShort(offset, ByteOrder.LITTLE_ENDIAN) });
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            messages.add(new int[]{ 0, opcode, payload.getInt(offset, ByteOrder.LITTLE_ENDIAN) });
        }

        public void messageToRoomExcept(final int exceptEntityId, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            throw new AssertionError("gems does not relay");
        }
    };

    private final GemsRoom room = new GemsRoom(new RoomSettings(1, GemsGame.MAX_PLAYERS, TICK_NS, 99));
    private long tick;

    private ErrorCode move(final int entityId, final int dx, final int dy)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[]{ (byte)dx, (byte)dy });
        return room.onMessage(entityId, GemsGame.MOVE, payload, 0, 2, events);
    }

    private void ticks(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            room.onTick(++tick, events);
        }
    }

    @Test
    void runnersMoveByMessageAndBadMovesAreRefused()
    {
        final int a = room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        assertEquals(GemsRoom.PHASE_PLAYING, room.phase(), "two runners: a match");
        final float x = room.x(a);
        assertEquals(ErrorCode.OK, move(a, -100, 0));
        ticks(3);
        assertEquals(Math.max(0, x - 3 * GemsRoom.SPEED / 30), room.x(a), 0.01f);
        assertEquals(ErrorCode.INVALID_INPUT, move(a, 101, 0));
        assertEquals(ErrorCode.INVALID_INPUT, room.onMessage(a, GemsGame.MOVE, new UnsafeBuffer(new byte[1]), 0, 1,
            events));
        assertEquals(ErrorCode.INVALID_INPUT, move(999, 0, 0), "no such runner");
    }

    @Test
    void aDashIsFollowedByACoolDown()
    {
        final int a = room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        final UnsafeBuffer none = new UnsafeBuffer(new byte[0]);
        assertEquals(ErrorCode.OK, room.onMessage(a, GemsGame.DASH, none, 0, 0, events));
        assertEquals(ErrorCode.INVALID_INPUT, room.onMessage(a, GemsGame.DASH, none, 0, 0, events), "dashing");
        ticks(Math.round(GemsRoom.DASH_SECONDS * 30) + 1);
        assertEquals(ErrorCode.INVALID_INPUT, room.onMessage(a, GemsGame.DASH, none, 0, 0, events), "cooling");
        ticks(Math.round(GemsRoom.DASH_COOLDOWN_SECONDS * 30));
        assertEquals(ErrorCode.OK, room.onMessage(a, GemsGame.DASH, none, 0, 0, events));
    }

    @Test
    void gemsAppearAndAreCollectedMinesCostPoints()
    {
        final int a = room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        ticks(30);
        assertTrue(room.gemCount() > 0, "gems appear during a match");
        room.placeRunnerOnGem(a, 0);
        messages.clear();
        ticks(1);
        assertTrue(room.score(a) >= 1 && room.score(a) <= 3, "a gem is worth 1 to 3: " + room.score(a));
        assertEquals(GemsGame.COLLECTED, messages.get(0)[1]);
        assertEquals(a, messages.get(0)[2]);

        final int before = room.score(a);
        room.placeRunnerOnMine(a, 0);
        messages.clear();
        ticks(1);
        final int[] hit = messages.stream().filter(m -> GemsGame.HIT == m[1]).findFirst().orElseThrow();
        assertEquals(a, hit[0], "told to the runner alone");
        assertEquals(Math.min(GemsRoom.MINE_PENALTY, before), hit[2]);
        assertEquals(before - hit[2], room.score(a));
    }

    @Test
    void aMatchEndsWithTheLeaderAndTheBestScoreIsSaved()
    {
        final int a = room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        ticks(30);
        room.placeRunnerOnGem(a, 0);
        ticks(GemsRoom.MATCH_SECONDS * 30);
        assertEquals(GemsRoom.PHASE_OVER, room.phase());
        final int[] over = messages.stream().filter(m -> GemsGame.MATCH_OVER == m[1]).findFirst().orElseThrow();
        assertTrue(0 != over[2], "a winner is named");

        final UnsafeBuffer saved = new UnsafeBuffer(new byte[16]);
        assertTrue(room.savePlayer(a, new BufferStateWriter().wrap(saved, 0)));
        assertTrue(saved.getInt(0, ByteOrder.LITTLE_ENDIAN) >= 1, "the best score is kept");
        ticks(GemsRoom.OVER_SECONDS * 30);
        assertEquals(GemsRoom.PHASE_PLAYING, room.phase(), "the next match");
        assertEquals(0, room.score(a));
    }
}
