package io.ringside.engine.game;

import org.agrona.DirectBuffer;
import org.agrona.collections.Object2ObjectHashMap;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The games an engine hosts, by name. Filled before the engine starts and read-only afterwards.
 */
public final class GameRegistry
{
    private final Object2ObjectHashMap<String, Game> gamesByName = new Object2ObjectHashMap<>();
    private final List<Game> games = new ArrayList<>();
    private final List<byte[]> asciiNames = new ArrayList<>();

    public GameRegistry register(final Game game)
    {
        final String name = game.name();
        if (name.isEmpty() || name.length() > 32 || !name.chars().allMatch(c -> c > 32 && c < 127))
        {
            throw new IllegalArgumentException("game name must be 1..32 printable ASCII characters: '" + name + "'");
        }
        if (game.maxPlayers() < 1)
        {
            throw new IllegalArgumentException("maxPlayers must be positive: " + game.maxPlayers());
        }
        if (null != gamesByName.putIfAbsent(name, game))
        {
            throw new IllegalArgumentException("game registered twice: " + name);
        }
        games.add(game);
        asciiNames.add(name.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /**
     * @return the game with that name, or null.
     */
    public Game get(final String name)
    {
        return gamesByName.get(name);
    }

    /**
     * Look a game up by the name bytes of a message, without allocating.
     *
     * @return the game with that name, or null.
     */
    public Game get(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0, size = games.size(); i < size; i++)
        {
            final byte[] name = asciiNames.get(i);
            if (name.length == length && equal(name, buffer, offset))
            {
                return games.get(i);
            }
        }
        return null;
    }

    private static boolean equal(final byte[] name, final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < name.length; i++)
        {
            if (name[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the games in registration order.
     */
    public List<Game> games()
    {
        return Collections.unmodifiableList(games);
    }
}
