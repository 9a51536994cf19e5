package io.ringside.engine.game.arena;

import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.RoomSettings;

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
}
