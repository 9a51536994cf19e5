package io.ringside.engine.game.arena;

import io.ringside.codec.state.StateSchema;
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
    private final StateSchema state;

    public ArenaGame()
    {
        this(new ArenaSettings());
    }

    public ArenaGame(final ArenaSettings settings)
    {
        this.settings = settings;
        this.state = settings.declaredState ? declaredState(settings) : null;
    }

    /**
     * The arena's state as typed fields: positions quantized over the world, rotation over [-pi, pi), velocities over
     * what ships and projectiles can reach.
     */
    static StateSchema declaredState(final ArenaSettings rules)
    {
        final float world = rules.worldSize(rules.maxPlayers);
        final float pi = (float)Math.PI;
        final float projectileMax = rules.projectileSpeed + rules.maxSpeed;
        return StateSchema.builder()
            .entity("ship").quantized("x", 0, world).quantized("y", 0, world).quantized("rotation", -pi, pi)
            .quantized("vx", -rules.maxSpeed, rules.maxSpeed).quantized("vy", -rules.maxSpeed, rules.maxSpeed)
            .int16("health").int32("score").uint8("state")
            .entity("projectile").quantized("x", 0, world).quantized("y", 0, world)
            .quantized("vx", -projectileMax, projectileMax).quantized("vy", -projectileMax, projectileMax)
            .int32("owner")
            .build();
    }

    /**
     * @return the declared state when {@link ArenaSettings#declaredState()} is on, else null (the fixed entity).
     */
    public StateSchema state()
    {
        return state;
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
        return new ArenaRoom(settings, roomSettings, state);
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
