package io.ringside.engine.game.arena;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.DeterministicRandom;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.SpatialGrid;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.collections.Int2IntHashMap;

/**
 * One arena room. State is kept as parallel arrays (ships by slot, projectiles by slot), pre-allocated for the
 * room's seats, so that a tick allocates nothing. Slots are filled in join order and compacted by moving the last slot
 * into a freed one, which keeps iteration order a pure function of the event order.
 * <p>
 * Physics uses a fixed time step (the tick interval), semi-implicit Euler integration, linear drag, a speed cap and
 * walls at the world bounds; trigonometry goes through {@link StrictMath} so results are bit-identical on every JVM.
 */
final class ArenaRoom implements GameRoom
{
    static final int ALIVE = 1;
    static final int DEAD = 0;

    private static final float TWO_PI = (float)(2 * Math.PI);
    private static final float COLLISION_CELL_SIZE = 64f;

    private final ArenaSettings rules;
    private final DeclaredFields declared;
    private final float dt;
    private final float worldSize;
    private final int respawnTicks;
    private final int fireIntervalTicks;
    private final int projectileLifetimeTicks;
    private final DeterministicRandom random;
    private int nextEntityId = 1;

    // ships, by slot
    private final int maxShips;
    private int shipCount;
    private final int[] shipId;
    private final long[] shipPlayer;
    private final float[] shipX;
    private final float[] shipY;
    private final float[] shipRotation;
    private final float[] shipVx;
    private final float[] shipVy;
    private final int[] shipHealth;
    private final int[] shipScore;
    private final int[] shipState;
    private final long[] shipRespawnTick;
    private final int[] shipCooldown;
    private final float[] shipThrust;
    private final float[] shipTurn;
    private final boolean[] shipFire;
    private final boolean[] shipAlive;
    private final Int2IntHashMap slotByShipId;

    // projectiles, by slot
    private final int maxProjectiles;
    private int projectileCount;
    private final int[] projectileId;
    private final int[] projectileOwner;
    private final float[] projectileX;
    private final float[] projectileY;
    private final float[] projectileVx;
    private final float[] projectileVy;
    private final int[] projectileTicksLeft;

    private final SpatialGrid shipGrid;
    private final int[] candidates;

    ArenaRoom(final ArenaSettings rules, final RoomSettings settings)
    {
        this(rules, settings, null);
    }

    /**
     * @param state the game's declared state, or null for the fixed entity view.
     */
    ArenaRoom(final ArenaSettings rules, final RoomSettings settings, final StateSchema state)
    {
        this.declared = null == state ? null : new DeclaredFields(state);
        this.rules = rules;
        this.dt = settings.tickSeconds();
        this.worldSize = rules.worldSize(settings.maxPlayers());
        this.respawnTicks = ticks(rules.respawnDelay);
        this.fireIntervalTicks = Math.max(1, ticks(rules.fireInterval));
        this.projectileLifetimeTicks = Math.max(1, ticks(rules.projectileLifetime));
        this.random = new DeterministicRandom(settings.seed());

        maxShips = settings.maxPlayers();
        shipId = new int[maxShips];
        shipPlayer = new long[maxShips];
        shipX = new float[maxShips];
        shipY = new float[maxShips];
        shipRotation = new float[maxShips];
        shipVx = new float[maxShips];
        shipVy = new float[maxShips];
        shipHealth = new int[maxShips];
        shipScore = new int[maxShips];
        shipState = new int[maxShips];
        shipRespawnTick = new long[maxShips];
        shipCooldown = new int[maxShips];
        shipThrust = new float[maxShips];
        shipTurn = new float[maxShips];
        shipFire = new boolean[maxShips];
        shipAlive = new boolean[maxShips];
        slotByShipId = new Int2IntHashMap(maxShips * 2, 0.65f, -1);

        maxProjectiles = maxShips * Math.max(1, (projectileLifetimeTicks + fireIntervalTicks - 1) / fireIntervalTicks + 1);
        projectileId = new int[maxProjectiles];
        projectileOwner = new int[maxProjectiles];
        projectileX = new float[maxProjectiles];
        projectileY = new float[maxProjectiles];
        projectileVx = new float[maxProjectiles];
        projectileVy = new float[maxProjectiles];
        projectileTicksLeft = new int[maxProjectiles];

        shipGrid = new SpatialGrid(maxShips, COLLISION_CELL_SIZE);
        candidates = new int[maxShips];
    }

    private int ticks(final float seconds)
    {
        return (int)Math.ceil(seconds / dt);
    }

    float worldSize()
    {
        return worldSize;
    }

    public int maxViewEntities()
    {
        return maxShips + maxProjectiles;
    }

    // ------------------------------------------------------------------ players

    public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
    {
        final int slot = shipCount++;
        final int id = nextEntityId++;
        shipId[slot] = id;
        shipPlayer[slot] = playerId;
        shipScore[slot] = 0;
        shipCooldown[slot] = 0;
        shipThrust[slot] = 0;
        shipTurn[slot] = 0;
        shipFire[slot] = false;
        slotByShipId.put(id, slot);

        // what savePlayer wrote: position, rotation, velocity, health (0: was dead), score
        final float x = null == saved ? 0 : saved.getFloat();
        final float y = null == saved ? 0 : saved.getFloat();
        final float rotation = null == saved ? 0 : saved.getFloat();
        final float vx = null == saved ? 0 : saved.getFloat();
        final float vy = null == saved ? 0 : saved.getFloat();
        final int health = null == saved ? 0 : saved.getInt();
        final int score = null == saved ? 0 : saved.getInt();
        if (health > 0 && inWorld(x, y) && Float.isFinite(rotation) && Float.isFinite(vx) && Float.isFinite(vy))
        {
            shipX[slot] = x;
            shipY[slot] = y;
            shipRotation[slot] = rotation;
            shipVx[slot] = vx;
            shipVy[slot] = vy;
            shipHealth[slot] = Math.min(health, rules.maxHealth);
            shipState[slot] = ALIVE;
        }
        else
        {
            spawn(slot);
        }
        shipScore[slot] = score;
        events.toRoom(GameEventType.SPAWN, id, 0, 0, shipX[slot], shipY[slot]);
        return id;
    }

    private boolean inWorld(final float x, final float y)
    {
        final float r = rules.shipRadius;
        return Float.isFinite(x) && Float.isFinite(y) && x >= r && x <= worldSize - r && y >= r && y <= worldSize - r;
    }

    /**
     * Place a ship at a fresh spawn point drawn from the room's seeded random source.
     */
    private void spawn(final int slot)
    {
        final float margin = rules.shipRadius * 2;
        shipX[slot] = margin + random.nextFloat() * (worldSize - 2 * margin);
        shipY[slot] = margin + random.nextFloat() * (worldSize - 2 * margin);
        shipRotation[slot] = random.nextFloat() * TWO_PI - (float)Math.PI;
        shipVx[slot] = 0;
        shipVy[slot] = 0;
        shipHealth[slot] = rules.maxHealth;
        shipState[slot] = ALIVE;
        shipRespawnTick[slot] = 0;
    }

    public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
    {
        final int slot = slotByShipId.remove(entityId);
        if (slot < 0)
        {
            return;
        }
        final int last = --shipCount;
        if (slot != last)
        {
            moveShip(last, slot);
        }
    }

    private void moveShip(final int from, final int to)
    {
        shipId[to] = shipId[from];
        shipPlayer[to] = shipPlayer[from];
        shipX[to] = shipX[from];
        shipY[to] = shipY[from];
        shipRotation[to] = shipRotation[from];
        shipVx[to] = shipVx[from];
        shipVy[to] = shipVy[from];
        shipHealth[to] = shipHealth[from];
        shipScore[to] = shipScore[from];
        shipState[to] = shipState[from];
        shipRespawnTick[to] = shipRespawnTick[from];
        shipCooldown[to] = shipCooldown[from];
        shipThrust[to] = shipThrust[from];
        shipTurn[to] = shipTurn[from];
        shipFire[to] = shipFire[from];
        slotByShipId.put(shipId[to], to);
    }

    public ErrorCode onInput(
        final int entityId, final float thrust, final float turn, final boolean fire, final GameEvents events)
    {
        final int slot = slotByShipId.get(entityId);
        if (slot < 0 || !(thrust >= -1 && thrust <= 1) || !(turn >= -1 && turn <= 1))
        {
            return ErrorCode.INVALID_INPUT;
        }
        shipThrust[slot] = thrust;
        shipTurn[slot] = turn;
        shipFire[slot] = fire;
        return ErrorCode.OK;
    }

    /**
     * A dropped player's ship lets go of its controls: it coasts and stops firing until the player is back.
     */
    public void onDrop(final int entityId, final GameEvents events)
    {
        final int slot = slotByShipId.get(entityId);
        if (slot >= 0)
        {
            shipThrust[slot] = 0;
            shipTurn[slot] = 0;
            shipFire[slot] = false;
        }
    }

    public boolean savePlayer(final int entityId, final StateWriter out)
    {
        final int slot = slotByShipId.get(entityId);
        if (slot < 0)
        {
            return false;
        }
        out.putFloat(shipX[slot]).putFloat(shipY[slot]).putFloat(shipRotation[slot]).putFloat(shipVx[slot])
            .putFloat(shipVy[slot]).putInt(ALIVE == shipState[slot] ? shipHealth[slot] : 0).putInt(shipScore[slot]);
        return true;
    }

    // ------------------------------------------------------------------ simulation

    public void onTick(final long tick, final GameEvents events)
    {
        moveShips(tick, events);
        moveProjectiles();
        collide(tick, events);
    }

    private void moveShips(final long tick, final GameEvents events)
    {
        final float r = rules.shipRadius;
        final float max = worldSize - r;
        final float dragFactor = Math.max(0f, 1f - rules.drag * dt);
        final float maxSpeed = rules.maxSpeed;

        for (int i = 0; i < shipCount; i++)
        {
            if (DEAD == shipState[i])
            {
                if (tick >= shipRespawnTick[i])
                {
                    spawn(i);
                    events.toRoom(GameEventType.RESPAWN, shipId[i], 0, 0, shipX[i], shipY[i]);
                }
                continue;
            }

            float rotation = shipRotation[i] + shipTurn[i] * rules.turnRate * dt;
            if (rotation >= Math.PI)
            {
                rotation -= TWO_PI;
            }
            else if (rotation < -Math.PI)
            {
                rotation += TWO_PI;
            }
            shipRotation[i] = rotation;

            final float cos = (float)StrictMath.cos(rotation);
            final float sin = (float)StrictMath.sin(rotation);
            final float thrust = shipThrust[i];
            final float acceleration = rules.thrustAcceleration * (thrust >= 0 ? thrust : thrust * rules.reverseThrustFactor);
            float vx = (shipVx[i] + cos * acceleration * dt) * dragFactor;
            float vy = (shipVy[i] + sin * acceleration * dt) * dragFactor;
            final float speedSquared = vx * vx + vy * vy;
            if (speedSquared > maxSpeed * maxSpeed)
            {
                final float scale = maxSpeed / (float)Math.sqrt(speedSquared);
                vx *= scale;
                vy *= scale;
            }

            float x = shipX[i] + vx * dt;
            float y = shipY[i] + vy * dt;
            if (x < r)
            {
                x = r;
                vx = 0;
            }
            else if (x > max)
            {
                x = max;
                vx = 0;
            }
            if (y < r)
            {
                y = r;
                vy = 0;
            }
            else if (y > max)
            {
                y = max;
                vy = 0;
            }
            shipX[i] = x;
            shipY[i] = y;
            shipVx[i] = vx;
            shipVy[i] = vy;

            if (shipCooldown[i] > 0)
            {
                shipCooldown[i]--;
            }
            if (shipFire[i] && 0 == shipCooldown[i] && projectileCount < maxProjectiles)
            {
                fire(i, cos, sin);
                shipCooldown[i] = fireIntervalTicks;
            }
        }
    }

    private void fire(final int ship, final float cos, final float sin)
    {
        final int p = projectileCount++;
        final float nose = rules.shipRadius + rules.projectileRadius + 1f;
        projectileId[p] = nextEntityId++;
        projectileOwner[p] = shipId[ship];
        projectileX[p] = shipX[ship] + cos * nose;
        projectileY[p] = shipY[ship] + sin * nose;
        projectileVx[p] = shipVx[ship] + cos * rules.projectileSpeed;
        projectileVy[p] = shipVy[ship] + sin * rules.projectileSpeed;
        projectileTicksLeft[p] = projectileLifetimeTicks;
    }

    private void moveProjectiles()
    {
        int p = 0;
        while (p < projectileCount)
        {
            final float x = projectileX[p] + projectileVx[p] * dt;
            final float y = projectileY[p] + projectileVy[p] * dt;
            if (--projectileTicksLeft[p] <= 0 || x < 0 || y < 0 || x > worldSize || y > worldSize)
            {
                removeProjectile(p);
                continue;
            }
            projectileX[p] = x;
            projectileY[p] = y;
            p++;
        }
    }

    private void removeProjectile(final int p)
    {
        final int last = --projectileCount;
        if (p != last)
        {
            projectileId[p] = projectileId[last];
            projectileOwner[p] = projectileOwner[last];
            projectileX[p] = projectileX[last];
            projectileY[p] = projectileY[last];
            projectileVx[p] = projectileVx[last];
            projectileVy[p] = projectileVy[last];
            projectileTicksLeft[p] = projectileTicksLeft[last];
        }
    }

    /**
     * Projectiles against ships, through a grid of the living ships. A projectile hits at most one ship: the first
     * in grid order, which is deterministic.
     */
    private void collide(final long tick, final GameEvents events)
    {
        if (0 == projectileCount || 0 == shipCount)
        {
            return;
        }
        for (int i = 0; i < shipCount; i++)
        {
            shipAlive[i] = ALIVE == shipState[i];
        }
        shipGrid.build(shipCount, shipX, shipY, shipAlive);

        final float reach = rules.shipRadius + rules.projectileRadius;
        final float reachSquared = reach * reach;
        int p = 0;
        while (p < projectileCount)
        {
            final float px = projectileX[p];
            final float py = projectileY[p];
            final int found = shipGrid.query(px, py, reach, candidates, candidates.length);
            int victim = -1;
            for (int k = 0; k < found; k++)
            {
                final int s = candidates[k];
                if (shipId[s] == projectileOwner[p] || ALIVE != shipState[s])
                {
                    continue;
                }
                final float dx = shipX[s] - px;
                final float dy = shipY[s] - py;
                if (dx * dx + dy * dy <= reachSquared)
                {
                    victim = s;
                    break;
                }
            }

            if (victim < 0)
            {
                p++;
                continue;
            }

            hit(tick, p, victim, events);
            removeProjectile(p);
        }
    }

    private void hit(final long tick, final int p, final int victim, final GameEvents events)
    {
        final int shooterId = projectileOwner[p];
        final int damage = rules.damage;
        shipHealth[victim] -= damage;
        events.toPlayer(shipId[victim], GameEventType.HIT, shooterId, shipId[victim], damage, shipX[victim], shipY[victim]);
        events.toPlayer(shooterId, GameEventType.HIT, shooterId, shipId[victim], damage, shipX[victim], shipY[victim]);

        if (shipHealth[victim] <= 0)
        {
            shipHealth[victim] = 0;
            shipState[victim] = DEAD;
            shipRespawnTick[victim] = tick + respawnTicks;
            shipVx[victim] = 0;
            shipVy[victim] = 0;
            final int shooter = slotByShipId.get(shooterId);
            if (shooter >= 0)
            {
                shipScore[shooter]++;
            }
            events.toRoom(GameEventType.KILL, shooterId, shipId[victim], shooter >= 0 ? shipScore[shooter] : 0,
                shipX[victim], shipY[victim]);
        }
    }

    // ------------------------------------------------------------------ views and state

    public void writeView(final ViewWriter view)
    {
        if (null != declared)
        {
            writeDeclaredView(view);
            return;
        }
        for (int i = 0; i < shipCount; i++)
        {
            view.entity(shipId[i], EntityKind.SHIP, shipX[i], shipY[i], shipRotation[i], shipVx[i], shipVy[i],
                shipHealth[i], shipScore[i], shipState[i], 0);
        }
        for (int p = 0; p < projectileCount; p++)
        {
            view.entity(projectileId[p], EntityKind.PROJECTILE, projectileX[p], projectileY[p], 0f,
                projectileVx[p], projectileVy[p], 0, 0, ALIVE, projectileOwner[p]);
        }
    }

    private void writeDeclaredView(final ViewWriter view)
    {
        final DeclaredFields d = declared;
        for (int i = 0; i < shipCount; i++)
        {
            view.entity(shipId[i], d.ship, shipX[i], shipY[i]);
            view.set(d.shipX, shipX[i]);
            view.set(d.shipY, shipY[i]);
            view.set(d.shipRotation, shipRotation[i]);
            view.set(d.shipVx, shipVx[i]);
            view.set(d.shipVy, shipVy[i]);
            view.set(d.shipHealth, shipHealth[i]);
            view.set(d.shipScore, shipScore[i]);
            view.set(d.shipState, shipState[i]);
        }
        for (int p = 0; p < projectileCount; p++)
        {
            view.entity(projectileId[p], d.projectile, projectileX[p], projectileY[p]);
            view.set(d.projectileX, projectileX[p]);
            view.set(d.projectileY, projectileY[p]);
            view.set(d.projectileVx, projectileVx[p]);
            view.set(d.projectileVy, projectileVy[p]);
            view.set(d.projectileOwner, projectileOwner[p]);
        }
    }

    /**
     * The fields of the arena's declared state, looked up once.
     */
    private static final class DeclaredFields
    {
        final StateSchema.EntityType ship;
        final StateSchema.Field shipX;
        final StateSchema.Field shipY;
        final StateSchema.Field shipRotation;
        final StateSchema.Field shipVx;
        final StateSchema.Field shipVy;
        final StateSchema.Field shipHealth;
        final StateSchema.Field shipScore;
        final StateSchema.Field shipState;
        final StateSchema.EntityType projectile;
        final StateSchema.Field projectileX;
        final StateSchema.Field projectileY;
        final StateSchema.Field projectileVx;
        final StateSchema.Field projectileVy;
        final StateSchema.Field projectileOwner;

        DeclaredFields(final StateSchema schema)
        {
            ship = schema.type("ship");
            shipX = ship.field("x");
            shipY = ship.field("y");
            shipRotation = ship.field("rotation");
            shipVx = ship.field("vx");
            shipVy = ship.field("vy");
            shipHealth = ship.field("health");
            shipScore = ship.field("score");
            shipState = ship.field("state");
            projectile = schema.type("projectile");
            projectileX = projectile.field("x");
            projectileY = projectile.field("y");
            projectileVx = projectile.field("vx");
            projectileVy = projectile.field("vy");
            projectileOwner = projectile.field("owner");
        }
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(random.state()).putInt(nextEntityId).putInt(shipCount).putInt(projectileCount);
        for (int i = 0; i < shipCount; i++)
        {
            out.putInt(shipId[i]).putLong(shipPlayer[i]).putFloat(shipX[i]).putFloat(shipY[i])
                .putFloat(shipRotation[i]).putFloat(shipVx[i]).putFloat(shipVy[i]).putInt(shipHealth[i])
                .putInt(shipScore[i]).putInt(shipState[i]).putLong(shipRespawnTick[i]).putInt(shipCooldown[i])
                .putFloat(shipThrust[i]).putFloat(shipTurn[i]).putBoolean(shipFire[i]);
        }
        for (int p = 0; p < projectileCount; p++)
        {
            out.putInt(projectileId[p]).putInt(projectileOwner[p]).putFloat(projectileX[p]).putFloat(projectileY[p])
                .putFloat(projectileVx[p]).putFloat(projectileVy[p]).putInt(projectileTicksLeft[p]);
        }
    }

    public void readState(final StateReader in)
    {
        random.state(in.getLong());
        nextEntityId = in.getInt();
        final int ships = in.getInt();
        final int projectiles = in.getInt();
        if (ships > maxShips || projectiles > maxProjectiles)
        {
            throw new IllegalStateException("saved arena room holds " + ships + " ships and " + projectiles +
                " projectiles, this room is sized for " + maxShips + " and " + maxProjectiles);
        }
        slotByShipId.clear();
        shipCount = ships;
        for (int i = 0; i < ships; i++)
        {
            shipId[i] = in.getInt();
            shipPlayer[i] = in.getLong();
            shipX[i] = in.getFloat();
            shipY[i] = in.getFloat();
            shipRotation[i] = in.getFloat();
            shipVx[i] = in.getFloat();
            shipVy[i] = in.getFloat();
            shipHealth[i] = in.getInt();
            shipScore[i] = in.getInt();
            shipState[i] = in.getInt();
            shipRespawnTick[i] = in.getLong();
            shipCooldown[i] = in.getInt();
            shipThrust[i] = in.getFloat();
            shipTurn[i] = in.getFloat();
            shipFire[i] = in.getBoolean();
            slotByShipId.put(shipId[i], i);
        }
        projectileCount = projectiles;
        for (int p = 0; p < projectiles; p++)
        {
            projectileId[p] = in.getInt();
            projectileOwner[p] = in.getInt();
            projectileX[p] = in.getFloat();
            projectileY[p] = in.getFloat();
            projectileVx[p] = in.getFloat();
            projectileVy[p] = in.getFloat();
            projectileTicksLeft[p] = in.getInt();
        }
    }

    // ------------------------------------------------------------------ for tests

    int shipCount()
    {
        return shipCount;
    }

    int projectileCount()
    {
        return projectileCount;
    }

    int slotOf(final int entityId)
    {
        return slotByShipId.get(entityId);
    }

    float shipX(final int slot)
    {
        return shipX[slot];
    }

    float shipY(final int slot)
    {
        return shipY[slot];
    }

    float shipRotation(final int slot)
    {
        return shipRotation[slot];
    }

    float shipVx(final int slot)
    {
        return shipVx[slot];
    }

    float shipVy(final int slot)
    {
        return shipVy[slot];
    }

    int shipHealth(final int slot)
    {
        return shipHealth[slot];
    }

    int shipScore(final int slot)
    {
        return shipScore[slot];
    }

    int shipState(final int slot)
    {
        return shipState[slot];
    }

    void placeShip(final int slot, final float x, final float y, final float rotation)
    {
        shipX[slot] = x;
        shipY[slot] = y;
        shipRotation[slot] = rotation;
        shipVx[slot] = 0;
        shipVy[slot] = 0;
    }
}
