package io.ringside.engine.game.arena;

import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.RoomSettings;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The built-in real-time game, in the spirit of a 2D jet shooter: ships thrust, turn and fire; projectiles fly for a
 * while and damage the ships they hit; destroyed ships respawn at a deterministic spawn point. This is what the load
 * generator plays.
 */
public final class ArenaGame implements Game
{
    private final ArenaSettings settings;

    public ArenaGame()
    {
        this(new ArenaSettings());
    }

    public ArenaGame(final ArenaSettings settings)
    {
        this.settings = settings;
    }

    public String name()
    {
        return ArenaSettings.NAME;
    }

    public String simulationSettings()
    {
        return settings.simulationSettings();
    }

    public int maxPlayers()
    {
        return settings.maxPlayers;
    }

    public float viewRadius()
    {
        return settings.viewRadius;
    }

    public GameRoom createRoom(final RoomSettings roomSettings)
    {
        return new ArenaRoom(settings, roomSettings);
    }

    public ArenaSettings settings()
    {
        return settings;
    }

    /**
     * What an arena room saves of a player, read back from the stored bytes (little endian, one value after another:
     * position, rotation, velocity, health with 0 for a dead ship, score), for tools and tests that look into a
     * journal's saved player states.
     */
    public record SavedShip(float x, float y, float rotation, float vx, float vy, int health, int score)
    {
        public static SavedShip of(final byte[] saved)
        {
            final UnsafeBuffer b = new UnsafeBuffer(saved);
            final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
            return new SavedShip(b.getFloat(0, le), b.getFloat(4, le), b.getFloat(8, le), b.getFloat(12, le),
                b.getFloat(16, le), b.getInt(20, le), b.getInt(24, le));
        }
    }
}
