package io.ringside.engine.game.arena;

import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.ring.TickClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fixed time step follows the tick interval: a second of thrust moves a ship about as far at 20 Hz as at 128 Hz
 * (integration error aside), and projectile lifetime and respawn delays are seconds, not ticks.
 */
class TickRateTest
{
    private static final GameEvents NO_EVENTS = new ArenaRoomTest.Events();

    private static float distanceInOneSecond(final int rate)
    {
        final ArenaSettings rules = new ArenaSettings().maxPlayers(2);
        final ArenaRoom room = new ArenaRoom(rules, new RoomSettings(1, 2, TickClock.tickIntervalNs(rate), 1));
        final int ship = room.onJoin(1, null, NO_EVENTS);
        final int slot = room.slotOf(ship);
        room.placeShip(slot, 500, 1000, 0);
        room.onInput(ship, 1, 0, false, NO_EVENTS);
        for (int t = 1; t <= rate; t++)
        {
            room.onTick(t, NO_EVENTS);
        }
        return room.shipX(slot) - 500;
    }

    @Test
    void motionPerSecondIsTheSameAtEveryTickRate()
    {
        final float reference = distanceInOneSecond(60);
        for (final int rate : new int[]{ 20, 30, 64, 128 })
        {
            assertEquals(reference, distanceInOneSecond(rate), reference * 0.05f, rate + " Hz");
        }
    }

    @Test
    void projectileLifetimeIsInSeconds()
    {
        for (final int rate : new int[]{ 20, 30, 60, 64, 128 })
        {
            final ArenaSettings rules = new ArenaSettings().maxPlayers(2);
            final ArenaRoom room = new ArenaRoom(rules, new RoomSettings(1, 2, TickClock.tickIntervalNs(rate), 1));
            final int ship = room.onJoin(1, null, NO_EVENTS);
            room.placeShip(room.slotOf(ship), 200, 1000, 0);
            room.onInput(ship, 0, 0, true, NO_EVENTS);
            room.onTick(1, NO_EVENTS);
            room.onInput(ship, 0, 0, false, NO_EVENTS);
            int ticks = 1;
            while (room.projectileCount() > 0)
            {
                room.onTick(++ticks, NO_EVENTS);
            }
            assertEquals(1.0, ticks / (double)rate, 1.0 / rate + 1e-9, rate + " Hz");
        }
    }
}
