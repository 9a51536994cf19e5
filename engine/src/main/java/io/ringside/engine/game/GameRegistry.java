package io.ringside.engine.game;

import org.agrona.DirectBuffer;
import org.agrona.collections.Object2ObjectHashMap;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The games an engine hosts, by name. Filled before the engine starts and read-only afterwards.
 * <p>
 * Games are plug-ins: a jar that lists its {@link Game} classes in {@code META-INF/services/io.ringside.engine.game.Game}
 * (each with a public no-argument constructor, reading its own settings from system properties as the arena does)
 * is found by {@link #discover}; the built-in arena and tic-tac-toe are found the same way.
 */
public final class GameRegistry
{
    /**
     * Register every game the class loader's service files name, in name order (so the registry, and with it every
     * listing, is the same on every start), or only those in {@code names}.
     *
     * @param loader to look for games with (a loader over extra jars finds theirs and the engine's).
     * @param names  of the games to host; empty for every game found.
     * @return the registry.
     * @throws IllegalArgumentException when a name asked for is not found, two games share a name, or a services file
     *                                  names a class that is not a loadable game.
     */
    public static GameRegistry discover(final ClassLoader loader, final Collection<String> names)
    {
        final List<Game> found = new ArrayList<>();
        try
        {
            for (final Game game : ServiceLoader.load(Game.class, loader))
            {
                if (names.isEmpty() || names.contains(game.name()))
                {
                    found.add(game);
                }
            }
        }
        catch (final ServiceConfigurationError error)
        {
            throw new IllegalArgumentException("a game on the class path cannot be loaded: " + error.getMessage(),
                error);
        }
        found.sort(Comparator.comparing(Game::name));

        final GameRegistry registry = new GameRegistry();
        found.forEach(registry::register);
        final Set<String> missing = new TreeSet<>(names);
        found.forEach(game -> missing.remove(game.name()));
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("no game named " + missing + " on the class path; found " +
                registry.names());
        }
        return registry;
    }

    /**
     * @return the registered games' names, in registration order.
     */
    public List<String> names()
    {
        final List<String> names = new ArrayList<>(games.size());
        games.forEach(game -> names.add(game.name()));
        return names;
    }

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
        if (game.tickDivisor() < 1)
        {
            throw new IllegalArgumentException(name + ": tickDivisor must be positive: " + game.tickDivisor());
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
