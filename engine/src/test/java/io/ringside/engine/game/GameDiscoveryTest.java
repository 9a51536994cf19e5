package io.ringside.engine.game;

import io.ringside.engine.EngineConfiguration;
import io.ringside.engine.support.PluginGame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Games are plug-ins: the built-in ones are found through their services file like any other, and a jar that names
 * its games in {@code META-INF/services/io.ringside.engine.game.Game} adds them to an engine through
 * {@code ringside.game.path} without a line of engine code.
 */
class GameDiscoveryTest
{
    @TempDir
    Path dir;

    @AfterEach
    void clearProperties()
    {
        System.clearProperty(EngineConfiguration.GAMES_PROP_NAME);
        System.clearProperty(EngineConfiguration.GAME_PATH_PROP_NAME);
    }

    @Test
    void theBuiltInGamesAreFoundLikeAnyOtherInNameOrder()
    {
        final GameRegistry games = GameRegistry.discover(getClass().getClassLoader(), List.of());
        assertEquals(List.of("arena", "tictactoe"), games.names());
        assertEquals(List.of("tictactoe"), GameRegistry.discover(getClass().getClassLoader(), List.of("tictactoe"))
            .names());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> GameRegistry.discover(getClass().getClassLoader(), List.of("chess")));
        assertTrue(missing.getMessage().contains("chess"), missing.getMessage());
    }

    @Test
    void aGameInAJarOnTheGamePathIsHostedBesideTheBuiltInOnes() throws IOException
    {
        final Path jar = dir.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)))
        {
            out.putNextEntry(new JarEntry("META-INF/services/" + Game.class.getName()));
            out.write((PluginGame.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertNull(EngineConfiguration.games().get(PluginGame.NAME), "not found without the jar");

        System.setProperty(EngineConfiguration.GAME_PATH_PROP_NAME, jar.toString());
        final GameRegistry games = EngineConfiguration.games();
        assertEquals(List.of("arena", PluginGame.NAME, "tictactoe"), games.names());
        assertNotNull(games.get(PluginGame.NAME).createRoom(new RoomSettings(1, 4, 16_666_667L, 7)));

        System.setProperty(EngineConfiguration.GAMES_PROP_NAME, PluginGame.NAME);
        assertEquals(List.of(PluginGame.NAME), EngineConfiguration.games().names(), "only the games asked for");

        System.setProperty(EngineConfiguration.GAME_PATH_PROP_NAME, dir.resolve("missing.jar").toString());
        assertThrows(IllegalArgumentException.class, EngineConfiguration::games);
    }

    @Test
    void aServicesFileNamingAClassThatIsNoGameFailsLoudly() throws IOException
    {
        final Path services = dir.resolve("META-INF/services/" + Game.class.getName());
        Files.createDirectories(services.getParent());
        try (OutputStream out = Files.newOutputStream(services))
        {
            out.write("io.ringside.engine.game.NoSuchGame\n".getBytes(StandardCharsets.UTF_8));
        }
        System.setProperty(EngineConfiguration.GAME_PATH_PROP_NAME, dir.toString());
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, EngineConfiguration::games);
        assertTrue(error.getMessage().contains("NoSuchGame"), error.getMessage());
    }
}
