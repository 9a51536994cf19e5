package io.ringside.engine.ha;

import io.ringside.engine.game.RoomOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaRoomIdsTest
{
    @Test
    void haRoomIdsAreTheirOwnAndStayExactInJavaScript()
    {
        final long first = HaRoomIds.of(1);
        assertTrue(HaRoomIds.isHa(first));
        assertTrue(HaRoomIds.of(HaRoomIds.MAX_ROOM_NUMBER) < (1L << 53), "below 2^53");
        assertFalse(HaRoomIds.isHa(1), "an engine's own room");
        assertFalse(HaRoomIds.isHa((1_048_575L << 32) | 7), "a room of the highest engine id behind a directory");
        assertFalse(HaRoomIds.isHa(-first), "negative ids are no rooms");
        assertFalse(HaRoomIds.isHa(first | (1L << 53)), "bits above 52 are not an HA room's");
        assertThrows(IllegalArgumentException.class, () -> HaRoomIds.of(0));
        assertThrows(IllegalArgumentException.class, () -> HaRoomIds.of(HaRoomIds.MAX_ROOM_NUMBER + 1));
    }

    @Test
    void theHaOptionIsTakenOutBeforeTheGameSeesTheOptions()
    {
        assertEquals("mode=duel,map=canyon", RoomOptions.parse("mode=duel,ha=true,map=canyon").without("ha").text());
        assertEquals("", RoomOptions.parse("ha=true").without("ha").text());
        final RoomOptions none = RoomOptions.parse("mode=duel");
        assertSame(none, none.without("ha"), "nothing to take out");
    }
}
