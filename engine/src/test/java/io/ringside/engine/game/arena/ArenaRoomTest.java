package io.ringside.engine.game.arena;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.logic.BufferStateReader;
import io.ringside.engine.logic.BufferStateWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arena's rules, one at a time: movement, turning, speed cap, walls, fire, projectile lifetime, hits, kills,
 * score, respawn at a deterministic spawn point, and saved state.
 */
class ArenaRoomTest
{
    private static final long TICK_NS = 16_666_667L;
    private static final float DT = (float)(TICK_NS / 1e9);

    private final ArenaSettings rules = new ArenaSettings().maxPlayers(8);
    private final Events events = new Events();
    private long tick;

    private ArenaRoom room(final long seed)
    {
        return new ArenaRoom(rules, new RoomSettings(1, rules.maxPlayers(), TICK_NS, seed));
    }

    private void ticks(final ArenaRoom room, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            room.onTick(++tick, events);
        }
    }

    @Test
    void thrustMovesAlongTheHeadingAndDragSlowsAfterwards()
    {
        final ArenaRoom room = room(1);
        final int ship = room.onJoin(11, null, events);
        final int slot = room.slotOf(ship);
        room.placeShip(slot, 1000, 1000, 0);

        room.onInput(ship, 1, 0, false, events);
        ticks(room, 30);
        assertTrue(room.shipX(slot) > 1000, "moved forward along +x");
        assertEquals(1000f, room.shipY(slot), 0.001f, "heading 0 does not move in y");
        final float speed = room.shipVx(slot);
        assertTrue(speed > 0);

        room.onInput(ship, 0, 0, false, events);
        ticks(room, 30);
        assertTrue(room.shipVx(slot) < speed, "drag slows an unpowered ship");
    }

    @Test
    void turningChangesTheHeadingAtTheTurnRate()
    {
        final ArenaRoom room = room(1);
        final int ship = room.onJoin(11, null, events);
        final int slot = room.slotOf(ship);
        room.placeShip(slot, 1000, 1000, 0);

        room.onInput(ship, 0, 1, false, events);
        ticks(room, 10);
        assertEquals(10 * DT * 3.5f, room.shipRotation(slot), 1e-4f);
    }

    @Test
    void speedIsCappedAndWallsStopShips()
    {
        final ArenaRoom room = room(1);
        final int ship = room.onJoin(11, null, events);
        final int slot = room.slotOf(ship);
        room.placeShip(slot, 1000, 1000, 0);

        room.onInput(ship, 1, 0, false, events);
        ticks(room, 60 * 20);
        final float speed = (float)Math.hypot(room.shipVx(slot), room.shipVy(slot));
        assertTrue(speed <= rules.maxSpeed() + 1e-3f, "speed " + speed);
        assertEquals(room.worldSize() - rules.shipRadius(), room.shipX(slot), 1e-3f, "stopped at the east wall");
        assertEquals(0f, room.shipVx(slot), "velocity into the wall is removed");
    }

    @Test
    void projectilesFlyForTheirLifetimeThenVanish()
    {
        final ArenaRoom room = room(1);
        final int ship = room.onJoin(11, null, events);
        room.placeShip(room.slotOf(ship), 1000, 1000, 0);

        room.onInput(ship, 0, 0, true, events);
        ticks(room, 1);
        assertEquals(1, room.projectileCount());
        room.onInput(ship, 0, 0, false, events);
        ticks(room, 58);
        assertEquals(1, room.projectileCount(), "still flying in tick 59, before one second has passed");
        ticks(room, 1);
        assertEquals(0, room.projectileCount(), "gone in tick 60: its one-second lifetime (it moves in the tick it is fired)");
    }

    @Test
    void hitsDamageKillsScoreAndRespawn()
    {
        final ArenaRoom room = room(7);
        final int shooter = room.onJoin(11, null, events);
        final int target = room.onJoin(12, null, events);
        room.placeShip(room.slotOf(shooter), 1000, 1000, 0);
        room.placeShip(room.slotOf(target), 1100, 1000, 0);

        room.onInput(shooter, 0, 0, true, events);
        ticks(room, 4 * 15 + 10);
        room.onInput(shooter, 0, 0, false, events);

        final int targetSlot = room.slotOf(target);
        assertEquals(ArenaRoom.DEAD, room.shipState(targetSlot), "four hits of 25 destroy a 100-health ship");
        assertEquals(0, room.shipHealth(targetSlot));
        assertEquals(1, room.shipScore(room.slotOf(shooter)));
        assertEquals(8, events.count(GameEventType.HIT), "each hit is told to the victim and to the shooter");
        assertEquals(1, events.count(GameEventType.KILL));
        final Event kill = events.first(GameEventType.KILL);
        assertEquals(shooter, kill.subject);
        assertEquals(target, kill.object);

        ticks(room, 60 * 2 + 1);
        assertEquals(ArenaRoom.ALIVE, room.shipState(targetSlot), "respawned after the delay");
        assertEquals(rules.maxHealth(), room.shipHealth(targetSlot));
        assertEquals(1, events.count(GameEventType.RESPAWN));
    }

    @Test
    void aShipDoesNotHitItself()
    {
        final ArenaRoom room = room(7);
        final int ship = room.onJoin(11, null, events);
        room.placeShip(room.slotOf(ship), 1000, 1000, 0);
        room.onInput(ship, 1, 0, true, events);
        ticks(room, 120);
        assertEquals(rules.maxHealth(), room.shipHealth(room.slotOf(ship)));
        assertEquals(0, events.count(GameEventType.HIT));
    }

    @Test
    void spawnPointsFollowTheSeed()
    {
        final ArenaRoom a = room(99);
        final ArenaRoom b = room(99);
        final ArenaRoom c = room(100);
        final int sa = a.onJoin(1, null, events);
        final int sb = b.onJoin(1, null, events);
        final int sc = c.onJoin(1, null, events);
        assertEquals(a.shipX(a.slotOf(sa)), b.shipX(b.slotOf(sb)));
        assertEquals(a.shipY(a.slotOf(sa)), b.shipY(b.slotOf(sb)));
        assertNotEquals(a.shipX(a.slotOf(sa)), c.shipX(c.slotOf(sc)));
        assertEquals(hash(a), hash(b));
        assertNotEquals(hash(a), hash(c));
    }

    @Test
    void savedStateIsRestoredOnJoin()
    {
        final ArenaRoom room = room(3);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[GameRoom.MAX_SAVED_STATE_BYTES]);
        final BufferStateWriter saved = new BufferStateWriter().wrap(bytes, 0);
        saved.putFloat(321).putFloat(654).putFloat(1.5f).putFloat(0).putFloat(0).putInt(40).putInt(9);
        final int ship = room.onJoin(5, new BufferStateReader().wrap(bytes, 0, saved.length()), events);
        final int slot = room.slotOf(ship);
        assertEquals(321f, room.shipX(slot));
        assertEquals(654f, room.shipY(slot));
        assertEquals(40, room.shipHealth(slot));
        assertEquals(9, room.shipScore(slot));

        final UnsafeBuffer outBytes = new UnsafeBuffer(new byte[GameRoom.MAX_SAVED_STATE_BYTES]);
        final BufferStateWriter out = new BufferStateWriter().wrap(outBytes, 0);
        assertTrue(room.savePlayer(ship, out));
        final byte[] written = new byte[out.length()];
        outBytes.getBytes(0, written);
        final ArenaGame.SavedShip back = ArenaGame.SavedShip.of(written);
        assertEquals(321f, back.x());
        assertEquals(1.5f, back.rotation());
        assertEquals(40, back.health());
        assertEquals(9, back.score());
        assertEquals(28, written.length, "seven values, four bytes each");
    }

    @Test
    void invalidControlsAreRefusedAndLeavingRemovesTheShip()
    {
        final ArenaRoom room = room(3);
        final int a = room.onJoin(1, null, events);
        final int b = room.onJoin(2, null, events);
        assertEquals(ErrorCode.INVALID_INPUT, room.onInput(a, Float.NaN, 0, false, events));
        assertEquals(ErrorCode.INVALID_INPUT, room.onInput(a, 0, 2, false, events));
        assertEquals(ErrorCode.INVALID_INPUT, room.onInput(999, 0, 0, false, events));

        room.onLeave(a, LeaveReason.CONSENTED, events);
        assertEquals(1, room.shipCount());
        assertEquals(0, room.slotOf(b), "the remaining ship was compacted into slot 0");
        final List<Integer> seen = new ArrayList<>();
        room.writeView((id, kind, x, y, r, vx, vy, h, s, st, o) ->
        {
            if (EntityKind.SHIP == kind)
            {
                seen.add(id);
            }
        });
        assertEquals(List.of(b), seen);
    }

    private static long hash(final ArenaRoom room)
    {
        final StateHasher hasher = new StateHasher();
        room.writeState(hasher);
        return hasher.value();
    }

    record Event(GameEventType type, int recipient, int subject, int object, int value)
    {
    }

    static final class Events implements GameEvents
    {
        final List<Event> all = new ArrayList<>();

        public void toRoom(final GameEventType type, final int subjectId, final int objectId, final int value,
            final float x, final float y)
        {
            all.add(new Event(type, 0, subjectId, objectId, value));
        }

        public void toPlayer(final int recipientEntityId, final GameEventType type, final int subjectId,
            final int objectId, final int value, final float x, final float y)
        {
            all.add(new Event(type, recipientEntityId, subjectId, objectId, value));
        }

        public void messageToPlayer(
            final int recipientEntityId, final int opcode, final DirectBuffer payload, final int offset,
            final int length)
        {
            throw new AssertionError("the arena declares no messages");
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            throw new AssertionError("the arena declares no messages");
        }

        public void messageToRoomExcept(
            final int exceptEntityId, final int opcode, final DirectBuffer payload, final int offset,
            final int length)
        {
            throw new AssertionError("the arena declares no messages");
        }

        int count(final GameEventType type)
        {
            return (int)all.stream().filter(e -> e.type == type).count();
        }

        Event first(final GameEventType type)
        {
            return all.stream().filter(e -> e.type == type).findFirst().orElseThrow();
        }
    }
}
