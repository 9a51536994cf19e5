package io.ringside.engine.game;

/**
 * A player's persistent state: where it was and how it was doing. Mutable and reused; games fill it in
 * {@link GameRoom#savePlayer} and read it in {@link GameRoom#onJoin}. Fields a game does not use stay zero.
 */
public final class SavedPlayerState
{
    public float x;
    public float y;
    public float rotation;
    public float vx;
    public float vy;
    public int health;
    public int score;

    public SavedPlayerState reset()
    {
        x = 0;
        y = 0;
        rotation = 0;
        vx = 0;
        vy = 0;
        health = 0;
        score = 0;
        return this;
    }

    public SavedPlayerState copyFrom(final SavedPlayerState other)
    {
        x = other.x;
        y = other.y;
        rotation = other.rotation;
        vx = other.vx;
        vy = other.vy;
        health = other.health;
        score = other.score;
        return this;
    }

    public String toString()
    {
        return "SavedPlayerState{x=" + x + ", y=" + y + ", rotation=" + rotation + ", vx=" + vx + ", vy=" + vy +
            ", health=" + health + ", score=" + score + '}';
    }
}
