package io.ringside.engine.support;

import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.RoomSettings;

/**
 * A game that is not among the engine's own: {@code GameDiscoveryTest} names it in a services file of a jar it
 * writes, to show that a game in a jar of its own is found. It plays as {@link LineGame}.
 */
public final class PluginGame implements Game
{
    public static final String NAME = "plugin-line";

    private final LineGame game = new LineGame(4, 0, 10);

    public String name()
    {
        return NAME;
    }

    public int maxPlayers()
    {
        return game.maxPlayers();
    }

    public float viewRadius()
    {
        return game.viewRadius();
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return game.createRoom(settings);
    }
}
