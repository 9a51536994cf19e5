package io.ringside.games.pig;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.logic.BufferStateReader;
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
 * Pig's rules, driven through the calls the engine makes.
 */
class PigRoomTest
{
    private static final UnsafeBuffer NONE = new UnsafeBuffer(new byte[0]);

    /**
     * Room messages as (opcode, first int of the payload, the byte after it).
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
            throw new AssertionError("pig talks to the room");
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            messages.add(new int[]{ opcode, payload.getInt(offset, ByteOrder.LITTLE_ENDIAN),
                payload.getByte(offset + 4) });
        }

        public void messageToRoomExcept(final int exceptEntityId, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            throw new AssertionError("pig talks to the room");
        }
    };

    private final PigRoom room = new PigRoom(new RoomSettings(1, PigGame.MAX_PLAYERS, 100_000_000L, 2024));

    private ErrorCode send(final int entityId, final int opcode)
    {
        return room.onMessage(entityId, opcode, NONE, 0, 0, events);
    }

    @Test
    void aGameStartsWithTwoPlayersAndOnlyThePlayerOnTurnMoves()
    {
        final int a = room.onJoin(1, null, events);
        assertEquals(PigRoom.PHASE_WAITING, room.phase());
        assertEquals(ErrorCode.NOT_YOUR_TURN, send(a, PigGame.ROLL), "no game yet");
        final int b = room.onJoin(2, null, events);
        assertEquals(PigRoom.PHASE_PLAYING, room.phase());
        assertEquals(a, room.turnEntityId(), "the first seated starts");
        assertEquals(ErrorCode.NOT_YOUR_TURN, send(b, PigGame.ROLL));
        assertEquals(ErrorCode.INVALID_INPUT, send(999, PigGame.ROLL), "no seat");
        assertEquals(ErrorCode.UNKNOWN_OPCODE, send(a, 9));
    }

    @Test
    void rollsAddUpAOneLosesTheTurnAndHoldingBanks()
    {
        final int a = room.onJoin(1, null, events);
        final int b = room.onJoin(2, null, events);
        int banked = 0;
        for (int turn = 0; turn < 40 && room.phase() == PigRoom.PHASE_PLAYING; turn++)
        {
            final int player = room.turnEntityId();
            int total = 0;
            boolean lost = false;
            for (int roll = 0; roll < 3 && !lost; roll++)
            {
                messages.clear();
                assertEquals(ErrorCode.OK, send(player, PigGame.ROLL));
                final int[] rolled = messages.get(0);
                assertEquals(PigGame.ROLLED, rolled[0]);
                assertEquals(player, rolled[1]);
                final int die = rolled[2];
                assertTrue(die >= 1 && die <= 6, "a die: " + die);
                if (1 == die)
                {
                    lost = true;
                    assertEquals(player == a ? b : a, room.turnEntityId(), "a 1 passes the turn");
                }
                else
                {
                    total += die;
                }
            }
            if (!lost)
            {
                final int before = room.score(player);
                assertEquals(ErrorCode.OK, send(player, PigGame.HOLD));
                assertEquals(before + total, room.score(player), "held: the turn's total is banked");
                banked += total;
            }
        }
        assertTrue(banked > 0, "somebody banked something");
    }

    @Test
    void reachingTheTargetWinsAndANewGameFollowsWithTheWinKept()
    {
        final int a = room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        int guard = 0;
        while (PigRoom.PHASE_PLAYING == room.phase() && guard++ < 10_000)
        {
            final int player = room.turnEntityId();
            send(player, PigGame.ROLL);
            if (room.turnEntityId() == player)
            {
                send(player, PigGame.HOLD);
            }
        }
        assertEquals(PigRoom.PHASE_OVER, room.phase());
        final int[] won = messages.get(messages.size() - 1);
        assertEquals(PigGame.WON, won[0]);
        final int winner = won[1];
        assertTrue(room.score(winner) >= PigGame.TARGET);

        final UnsafeBuffer saved = new UnsafeBuffer(new byte[64]);
        final BufferStateWriter writer = new BufferStateWriter().wrap(saved, 0);
        assertTrue(room.savePlayer(winner, writer));
        assertEquals(1, saved.getInt(0, ByteOrder.LITTLE_ENDIAN), "one win saved");

        for (int t = 0; t < PigRoom.OVER_TICKS; t++)
        {
            room.onTick(t, events);
        }
        assertEquals(PigRoom.PHASE_PLAYING, room.phase(), "a new game");
        assertEquals(0, room.score(a), "scores start again");

        final PigRoom back = new PigRoom(new RoomSettings(2, PigGame.MAX_PLAYERS, 100_000_000L, 1));
        final int returning = back.onJoin(7, new BufferStateReader().wrap(saved, 0, writer.length()), events);
        final UnsafeBuffer again = new UnsafeBuffer(new byte[64]);
        assertTrue(back.savePlayer(returning, new BufferStateWriter().wrap(again, 0)));
        assertEquals(1, again.getInt(0, ByteOrder.LITTLE_ENDIAN), "the win came back with the player");
    }

    @Test
    void aTableCreatedWithATargetWinsThereAndListsIt()
    {
        assertEquals("target=" + PigGame.TARGET, room.metadata());
        assertEquals(ErrorCode.INVALID_INPUT, room.onCreate(RoomOptions.parse("target=9")), "below the minimum");
        assertEquals(ErrorCode.INVALID_INPUT, room.onCreate(RoomOptions.parse("target=ten")), "not a number");
        assertEquals(ErrorCode.INVALID_INPUT, room.onCreate(RoomOptions.parse("target=20,dice=2")), "unknown option");
        assertEquals(ErrorCode.OK, room.onCreate(RoomOptions.parse("target=12")));
        assertEquals("target=12", room.metadata());

        room.onJoin(1, null, events);
        room.onJoin(2, null, events);
        int guard = 0;
        while (PigRoom.PHASE_PLAYING == room.phase() && guard++ < 10_000)
        {
            final int player = room.turnEntityId();
            send(player, PigGame.ROLL);
            if (room.turnEntityId() == player && room.turnTotal() + room.score(player) >= 12)
            {
                send(player, PigGame.HOLD);
            }
        }
        final int winner = messages.get(messages.size() - 1)[1];
        assertTrue(room.score(winner) >= 12 && room.score(winner) < PigGame.TARGET, "won at 12: " + room.score(winner));

        final UnsafeBuffer saved = new UnsafeBuffer(new byte[256]);
        final BufferStateWriter writer = new BufferStateWriter().wrap(saved, 0);
        room.writeState(writer);
        final PigRoom restored = new PigRoom(new RoomSettings(1, PigGame.MAX_PLAYERS, 100_000_000L, 0));
        restored.readState(new BufferStateReader().wrap(saved, 0, writer.length()));
        assertEquals("target=12", restored.metadata(), "the target is part of the state");
    }

    @Test
    void aPlayerWhoLeavesOnTurnPassesItAndOneLeftWaits()
    {
        final int a = room.onJoin(1, null, events);
        final int b = room.onJoin(2, null, events);
        final int c = room.onJoin(3, null, events);
        assertEquals(a, room.turnEntityId());
        room.onLeave(a, LeaveReason.DROPPED, events);
        assertEquals(b, room.turnEntityId(), "the next seat plays");
        room.onDrop(b, events);
        assertEquals(c, room.turnEntityId(), "a dropped player's turn passes too");
        room.onLeave(b, LeaveReason.CONSENTED, events);
        assertEquals(PigRoom.PHASE_WAITING, room.phase(), "one player left: the game waits");
        assertEquals(0, room.turnEntityId());
        assertEquals(ErrorCode.NOT_YOUR_TURN, send(c, PigGame.ROLL));
    }
}
