package io.ringside.engine.game.arena;

/**
 * The rules of the arena in numbers. Distances are world units, times seconds; the world is a square whose side
 * grows with the room's seats so that the density of ships, and so what each player sees, stays about the same as
 * rooms grow.
 */
public final class ArenaSettings
{
    public static final String NAME = "arena";

    public static final String MAX_PLAYERS_PROP_NAME = "ringside.arena.max.players";
    public static final String VIEW_RADIUS_PROP_NAME = "ringside.arena.view.radius";
    /**
     * true: the arena declares its state (ships and projectiles as typed, quantized fields) and is decoded by clients
     * as any such game; false (the default): the fixed entity of the Snapshot and RoomSnapshot messages.
     */
    public static final String DECLARED_STATE_PROP_NAME = "ringside.arena.declared.state";

    int maxPlayers = Integer.getInteger(MAX_PLAYERS_PROP_NAME, 64);
    float viewRadius = Float.parseFloat(System.getProperty(VIEW_RADIUS_PROP_NAME, "1000"));
    boolean declaredState = Boolean.getBoolean(DECLARED_STATE_PROP_NAME);
    float unitsPerSeat = 375f;
    float minWorldSize = 2000f;
    float shipRadius = 20f;
    float maxSpeed = 400f;
    float thrustAcceleration = 600f;
    float reverseThrustFactor = 0.5f;
    float turnRate = 3.5f;
    float drag = 0.5f;
    float projectileSpeed = 900f;
    float projectileRadius = 4f;
    float projectileLifetime = 1.0f;
    float fireInterval = 0.25f;
    int damage = 25;
    int maxHealth = 100;
    float respawnDelay = 2.0f;

    public ArenaSettings maxPlayers(final int maxPlayers)
    {
        this.maxPlayers = maxPlayers;
        return this;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public ArenaSettings viewRadius(final float viewRadius)
    {
        this.viewRadius = viewRadius;
        return this;
    }

    public float viewRadius()
    {
        return viewRadius;
    }

    public ArenaSettings declaredState(final boolean declaredState)
    {
        this.declaredState = declaredState;
        return this;
    }

    public boolean declaredState()
    {
        return declaredState;
    }

    public ArenaSettings unitsPerSeat(final float unitsPerSeat)
    {
        this.unitsPerSeat = unitsPerSeat;
        return this;
    }

    public ArenaSettings minWorldSize(final float minWorldSize)
    {
        this.minWorldSize = minWorldSize;
        return this;
    }

    public ArenaSettings respawnDelay(final float respawnDelaySeconds)
    {
        this.respawnDelay = respawnDelaySeconds;
        return this;
    }

    public ArenaSettings damage(final int damage)
    {
        this.damage = damage;
        return this;
    }

    /**
     * @return the side of the square world for a room of {@code seats}.
     */
    public float worldSize(final int seats)
    {
        return Math.max(minWorldSize, (float)(unitsPerSeat * Math.sqrt(seats)));
    }

    public float shipRadius()
    {
        return shipRadius;
    }

    public float maxSpeed()
    {
        return maxSpeed;
    }

    public float projectileSpeed()
    {
        return projectileSpeed;
    }

    public int maxHealth()
    {
        return maxHealth;
    }

    public int damage()
    {
        return damage;
    }

    /**
     * @return the most projectiles one ship can have in flight.
     */
    public int projectilesPerShip()
    {
        return (int)Math.ceil(projectileLifetime / fireInterval) + 1;
    }

    /**
     * @return every setting that changes the simulation (not the view radius), as stable text.
     */
    public String simulationSettings()
    {
        return "maxPlayers=" + maxPlayers + ",unitsPerSeat=" + unitsPerSeat + ",minWorldSize=" + minWorldSize +
            ",shipRadius=" + shipRadius + ",maxSpeed=" + maxSpeed + ",thrustAcceleration=" + thrustAcceleration +
            ",reverseThrustFactor=" + reverseThrustFactor + ",turnRate=" + turnRate + ",drag=" + drag +
            ",projectileSpeed=" + projectileSpeed + ",projectileRadius=" + projectileRadius +
            ",projectileLifetime=" + projectileLifetime + ",fireInterval=" + fireInterval + ",damage=" + damage +
            ",maxHealth=" + maxHealth + ",respawnDelay=" + respawnDelay;
    }
}
