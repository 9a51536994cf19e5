package io.ringside.games.gems;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.DeterministicRandom;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.ringside.games.gems.GemsGame.FIELD;

/**
 * One field of {@link GemsGame}.
 * <ul>
 *     <li>A match starts when two runners are on the field and lasts {@link #MATCH_SECONDS}; then the best score wins
 *     (MATCH_OVER to the room), the field rests {@link #OVER_SECONDS} and a new match starts with scores at 0. With
 *     fewer than two runners the field waits.</li>
 *     <li>MOVE sets a runner's heading and speed (each axis -100..100 percent of {@link #SPEED}; anything else is
 *     INVALID_INPUT); DASH doubles it for {@link #DASH_SECONDS}, then cools down for {@link #DASH_COOLDOWN_SECONDS}
 *     (a DASH before that is INVALID_INPUT). A dropped runner stops.</li>
 *     <li>During a match a gem (value 1 to 3) appears at a seeded random place every half second, at most
 *     {@link #MAX_GEMS} at once; a runner within {@link #REACH} collects it (COLLECTED to the room). Three mines drift
 *     and bounce off the walls; a runner that touches one loses {@link #MINE_PENALTY} points (HIT to that runner) and
 *     the mine reappears elsewhere.</li>
 * </ul>
 * A runner's best score is its saved state. Deterministic (one seeded generator, arrays in index order) and
 * allocation-free after construction.
 */
final class GemsRoom implements GameRoom
{
    static final int MATCH_ENTITY_ID = 1;
    static final int PHASE_WAITING = 0;
    static final int PHASE_PLAYING = 1;
    static final int PHASE_OVER = 2;
    static final int MATCH_SECONDS = 60;
    static final int OVER_SECONDS = 5;
    static final float SPEED = 200f;
    static final float DASH_SECONDS = 0.5f;
    static final float DASH_COOLDOWN_SECONDS = 3f;
    static final int MAX_GEMS = 12;
    static final int MINES = 3;
    static final float REACH = 20f;
    static final int MINE_PENALTY = 5;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final float MINE_SPEED = 60f;
    private static final StateSchema.EntityType MATCH = GemsGame.STATE.type("match");
    private static final StateSchema.EntityType RUNNER = GemsGame.STATE.type("runner");
    private static final StateSchema.EntityType GEM = GemsGame.STATE.type("gem");
    private static final StateSchema.EntityType MINE = GemsGame.STATE.type("mine");

    private final DeterministicRandom random;
    private final float dt;
    private final int matchTicks;
    private final int overTicks;
    private final int dashTicks;
    private final int cooldownTicks;
    private final int gemEveryTicks;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);

    private final int[] runnerId = new int[GemsGame.MAX_PLAYERS];
    private final float[] runnerX = new float[GemsGame.MAX_PLAYERS];
    private final float[] runnerY = new float[GemsGame.MAX_PLAYERS];
    private final float[] runnerDx = new float[GemsGame.MAX_PLAYERS];
    private final float[] runnerDy = new float[GemsGame.MAX_PLAYERS];
    private final int[] runnerScore = new int[GemsGame.MAX_PLAYERS];
    private final int[] runnerBest = new int[GemsGame.MAX_PLAYERS];
    private final int[] dashLeft = new int[GemsGame.MAX_PLAYERS];
    private final int[] cooldownLeft = new int[GemsGame.MAX_PLAYERS];
    private int runners;

    private final int[] gemId = new int[MAX_GEMS];
    private final float[] gemX = new float[MAX_GEMS];
    private final float[] gemY = new float[MAX_GEMS];
    private final int[] gemValue = new int[MAX_GEMS];
    private int gems;

    private final int[] mineId = new int[MINES];
    private final float[] mineX = new float[MINES];
    private final float[] mineY = new float[MINES];
    private final float[] mineVx = new float[MINES];
    private final float[] mineVy = new float[MINES];

    private int nextEntityId = 10;
    private int phase = PHASE_WAITING;
    private int ticksLeft;
    private int sinceGem;

    GemsRoom(final RoomSettings settings)
    {
        random = new DeterministicRandom(settings.seed());
        dt = settings.tickSeconds();
        matchTicks = Math.round(MATCH_SECONDS / dt);
        overTicks = Math.round(OVER_SECONDS / dt);
        dashTicks = Math.max(1, Math.round(DASH_SECONDS / dt));
        cooldownTicks = Math.round(DASH_COOLDOWN_SECONDS / dt);
        gemEveryTicks = Math.max(1, Math.round(0.5f / dt));
        for (int m = 0; m < MINES; m++)
        {
            mineId[m] = nextEntityId++;
            placeMine(m);
        }
    }

    public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
    {
        final int r = runners++;
        runnerId[r] = nextEntityId++;
        runnerX[r] = margin();
        runnerY[r] = margin();
        runnerDx[r] = 0;
        runnerDy[r] = 0;
        runnerScore[r] = 0;
        runnerBest[r] = null == saved ? 0 : Math.max(0, saved.getInt());
        dashLeft[r] = 0;
        cooldownLeft[r] = 0;
        if (PHASE_WAITING == phase && runners >= 2)
        {
            startMatch();
        }
        return runnerId[r];
    }

    public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
    {
        final int r = runnerOf(entityId);
        if (r < 0)
        {
            return;
        }
        final int last = --runners;
        runnerId[r] = runnerId[last];
        runnerX[r] = runnerX[last];
        runnerY[r] = runnerY[last];
        runnerDx[r] = runnerDx[last];
        runnerDy[r] = runnerDy[last];
        runnerScore[r] = runnerScore[last];
        runnerBest[r] = runnerBest[last];
        dashLeft[r] = dashLeft[last];
        cooldownLeft[r] = cooldownLeft[last];
        if (PHASE_PLAYING == phase && runners < 2)
        {
            phase = PHASE_WAITING;
        }
    }

    public void onDrop(final int entityId, final GameEvents events)
    {
        final int r = runnerOf(entityId);
        if (r >= 0)
        {
            runnerDx[r] = 0;
            runnerDy[r] = 0;
        }
    }

    public ErrorCode onMessage(
        final int entityId,
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final GameEvents events)
    {
        final int r = runnerOf(entityId);
        if (r < 0)
        {
            return ErrorCode.INVALID_INPUT;
        }
        if (GemsGame.MOVE == opcode)
        {
            if (2 != length)
            {
                return ErrorCode.INVALID_INPUT;
            }
            final int dx = payload.getByte(offset);
            final int dy = payload.getByte(offset + 1);
            if (dx < -100 || dx > 100 || dy < -100 || dy > 100)
            {
                return ErrorCode.INVALID_INPUT;
            }
            runnerDx[r] = dx / 100f;
            runnerDy[r] = dy / 100f;
            return ErrorCode.OK;
        }
        if (GemsGame.DASH == opcode)
        {
            if (cooldownLeft[r] > 0 || dashLeft[r] > 0)
            {
                return ErrorCode.INVALID_INPUT;
            }
            dashLeft[r] = dashTicks;
            return ErrorCode.OK;
        }
        return ErrorCode.UNKNOWN_OPCODE;
    }

    public void onTick(final long tick, final GameEvents events)
    {
        moveRunners();
        moveMines();
        if (PHASE_PLAYING == phase)
        {
            if (++sinceGem >= gemEveryTicks && gems < MAX_GEMS)
            {
                sinceGem = 0;
                spawnGem();
            }
            collect(events);
            touchMines(events);
            if (--ticksLeft <= 0)
            {
                endMatch(events);
            }
        }
        else if (PHASE_OVER == phase && --ticksLeft <= 0)
        {
            phase = PHASE_WAITING;
            if (runners >= 2)
            {
                startMatch();
            }
        }
    }

    public void writeView(final ViewWriter view)
    {
        view.entity(MATCH_ENTITY_ID, MATCH);
        view.set(MATCH.field(0), phase);
        view.set(MATCH.field(1), ticksLeft);
        view.set(MATCH.field(2), leader());
        for (int r = 0; r < runners; r++)
        {
            view.entity(runnerId[r], RUNNER, runnerX[r], runnerY[r]);
            view.set(RUNNER.field(0), runnerX[r]);
            view.set(RUNNER.field(1), runnerY[r]);
            view.set(RUNNER.field(2), runnerScore[r]);
            view.set(RUNNER.field(3), dashLeft[r] > 0);
        }
        for (int g = 0; g < gems; g++)
        {
            view.entity(gemId[g], GEM, gemX[g], gemY[g]);
            view.set(GEM.field(0), gemX[g]);
            view.set(GEM.field(1), gemY[g]);
            view.set(GEM.field(2), gemValue[g]);
        }
        for (int m = 0; m < MINES; m++)
        {
            view.entity(mineId[m], MINE, mineX[m], mineY[m]);
            view.set(MINE.field(0), mineX[m]);
            view.set(MINE.field(1), mineY[m]);
        }
    }

    public int maxViewEntities()
    {
        return 1 + GemsGame.MAX_PLAYERS + MAX_GEMS + MINES;
    }

    public void writeState(final StateWriter out)
    {
        out.putLong(random.state()).putInt(nextEntityId).putInt(phase).putInt(ticksLeft).putInt(sinceGem)
            .putInt(runners).putInt(gems);
        for (int r = 0; r < runners; r++)
        {
            out.putInt(runnerId[r]).putFloat(runnerX[r]).putFloat(runnerY[r]).putFloat(runnerDx[r])
                .putFloat(runnerDy[r]).putInt(runnerScore[r]).putInt(runnerBest[r]).putInt(dashLeft[r])
                .putInt(cooldownLeft[r]);
        }
        for (int g = 0; g < gems; g++)
        {
            out.putInt(gemId[g]).putFloat(gemX[g]).putFloat(gemY[g]).putInt(gemValue[g]);
        }
        for (int m = 0; m < MINES; m++)
        {
            out.putInt(mineId[m]).putFloat(mineX[m]).putFloat(mineY[m]).putFloat(mineVx[m]).putFloat(mineVy[m]);
        }
    }

    public void readState(final StateReader in)
    {
        random.state(in.getLong());
        nextEntityId = in.getInt();
        phase = in.getInt();
        ticksLeft = in.getInt();
        sinceGem = in.getInt();
        runners = in.getInt();
        gems = in.getInt();
        for (int r = 0; r < runners; r++)
        {
            runnerId[r] = in.getInt();
            runnerX[r] = in.getFloat();
            runnerY[r] = in.getFloat();
            runnerDx[r] = in.getFloat();
            runnerDy[r] = in.getFloat();
            runnerScore[r] = in.getInt();
            runnerBest[r] = in.getInt();
            dashLeft[r] = in.getInt();
            cooldownLeft[r] = in.getInt();
        }
        for (int g = 0; g < gems; g++)
        {
            gemId[g] = in.getInt();
            gemX[g] = in.getFloat();
            gemY[g] = in.getFloat();
            gemValue[g] = in.getInt();
        }
        for (int m = 0; m < MINES; m++)
        {
            mineId[m] = in.getInt();
            mineX[m] = in.getFloat();
            mineY[m] = in.getFloat();
            mineVx[m] = in.getFloat();
            mineVy[m] = in.getFloat();
        }
    }

    public boolean savePlayer(final int entityId, final StateWriter out)
    {
        final int r = runnerOf(entityId);
        if (r < 0)
        {
            return false;
        }
        out.putInt(Math.max(runnerBest[r], runnerScore[r]));
        return true;
    }

    int phase()
    {
        return phase;
    }

    int score(final int entityId)
    {
        return runnerScore[runnerOf(entityId)];
    }

    float x(final int entityId)
    {
        return runnerX[runnerOf(entityId)];
    }

    int gemCount()
    {
        return gems;
    }

    /**
     * Put a runner on a gem's place, for tests of collecting.
     */
    void placeRunnerOnGem(final int entityId, final int gem)
    {
        final int r = runnerOf(entityId);
        runnerX[r] = gemX[gem];
        runnerY[r] = gemY[gem];
    }

    /**
     * Put a runner on a mine's place, for tests of the penalty.
     */
    void placeRunnerOnMine(final int entityId, final int mine)
    {
        final int r = runnerOf(entityId);
        runnerX[r] = mineX[mine];
        runnerY[r] = mineY[mine];
        mineVx[mine] = 0;
        mineVy[mine] = 0;
    }

    private void startMatch()
    {
        phase = PHASE_PLAYING;
        ticksLeft = matchTicks;
        sinceGem = 0;
        gems = 0;
        for (int r = 0; r < runners; r++)
        {
            runnerScore[r] = 0;
        }
    }

    private void endMatch(final GameEvents events)
    {
        final int winner = leader();
        final int w = runnerOf(winner);
        for (int r = 0; r < runners; r++)
        {
            runnerBest[r] = Math.max(runnerBest[r], runnerScore[r]);
        }
        message.putInt(0, winner, LE);
        message.putInt(4, w < 0 ? 0 : runnerScore[w], LE);
        events.messageToRoom(GemsGame.MATCH_OVER, message, 0, 8);
        phase = PHASE_OVER;
        ticksLeft = overTicks;
    }

    private void moveRunners()
    {
        for (int r = 0; r < runners; r++)
        {
            final float speed = SPEED * (dashLeft[r] > 0 ? 2 : 1);
            runnerX[r] = clamp(runnerX[r] + runnerDx[r] * speed * dt);
            runnerY[r] = clamp(runnerY[r] + runnerDy[r] * speed * dt);
            if (dashLeft[r] > 0 && --dashLeft[r] == 0)
            {
                cooldownLeft[r] = cooldownTicks;
            }
            else if (cooldownLeft[r] > 0)
            {
                cooldownLeft[r]--;
            }
        }
    }

    private void moveMines()
    {
        for (int m = 0; m < MINES; m++)
        {
            mineX[m] += mineVx[m] * dt;
            mineY[m] += mineVy[m] * dt;
            if (mineX[m] < 0 || mineX[m] > FIELD)
            {
                mineVx[m] = -mineVx[m];
                mineX[m] = clamp(mineX[m]);
            }
            if (mineY[m] < 0 || mineY[m] > FIELD)
            {
                mineVy[m] = -mineVy[m];
                mineY[m] = clamp(mineY[m]);
            }
        }
    }

    private void collect(final GameEvents events)
    {
        for (int g = gems - 1; g >= 0; g--)
        {
            for (int r = 0; r < runners; r++)
            {
                if (near(runnerX[r], runnerY[r], gemX[g], gemY[g]))
                {
                    runnerScore[r] += gemValue[g];
                    message.putInt(0, runnerId[r], LE);
                    message.putByte(4, (byte)gemValue[g]);
                    events.messageToRoom(GemsGame.COLLECTED, message, 0, 5);
                    final int last = --gems;
                    gemId[g] = gemId[last];
                    gemX[g] = gemX[last];
                    gemY[g] = gemY[last];
                    gemValue[g] = gemValue[last];
                    break;
                }
            }
        }
    }

    private void touchMines(final GameEvents events)
    {
        for (int m = 0; m < MINES; m++)
        {
            for (int r = 0; r < runners; r++)
            {
                if (near(runnerX[r], runnerY[r], mineX[m], mineY[m]))
                {
                    final int lost = Math.min(MINE_PENALTY, runnerScore[r]);
                    runnerScore[r] -= lost;
                    message.putShort(0, (short)lost, LE);
                    events.messageToPlayer(runnerId[r], GemsGame.HIT, message, 0, 2);
                    placeMine(m);
                    break;
                }
            }
        }
    }

    private void spawnGem()
    {
        final int g = gems++;
        gemId[g] = nextEntityId++;
        gemX[g] = margin();
        gemY[g] = margin();
        gemValue[g] = 1 + random.nextInt(3);
    }

    private void placeMine(final int m)
    {
        mineX[m] = margin();
        mineY[m] = margin();
        final float angle = random.nextFloat() * 6.2831855f;
        mineVx[m] = (float)StrictMath.cos(angle) * MINE_SPEED;
        mineVy[m] = (float)StrictMath.sin(angle) * MINE_SPEED;
    }

    private int leader()
    {
        int best = -1;
        for (int r = 0; r < runners; r++)
        {
            if (best < 0 || runnerScore[r] > runnerScore[best])
            {
                best = r;
            }
        }
        return best < 0 ? 0 : runnerId[best];
    }

    private float margin()
    {
        return 50 + random.nextFloat() * (FIELD - 100);
    }

    private static float clamp(final float v)
    {
        return Math.max(0, Math.min(FIELD, v));
    }

    private static boolean near(final float x1, final float y1, final float x2, final float y2)
    {
        final float dx = x1 - x2;
        final float dy = y1 - y2;
        return dx * dx + dy * dy <= REACH * REACH;
    }

    private int runnerOf(final int entityId)
    {
        for (int r = 0; r < runners; r++)
        {
            if (runnerId[r] == entityId)
            {
                return r;
            }
        }
        return -1;
    }
}
