package io.ringside.engine.support;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A small game that declares its state, for tests of the declared-state path: each player is a beacon at a seat's
 * position (x, y quantized over 0..1000, also its position for interest) with a level that rises by one every tick it is lit, a lit flag, and a
 * 4-byte tag; the room state is the match (phase, ticks played). An input with fire toggles the player's beacon; a
 * beacon at level 250 goes dark and back to 0, so levels stay in a UINT8. {@link #breakTick} makes the next tick write
 * a value its field cannot carry.
 */
public final class BeaconGame implements Game
{
    public static final String NAME = "beacons";
    public static final StateSchema STATE = StateSchema.builder()
        .entity("beacon").quantized("x", 0, 1000).quantized("y", 0, 1000).uint8("level").bool("lit").bytes("tag", 4)
        .roomState("match").uint8("phase").int32("ticks")
        .build();
    public static final int MATCH_ENTITY_ID = 1;

    private static final StateSchema.EntityType BEACON = STATE.type("beacon");
    private static final StateSchema.Field X = BEACON.field("x");
    private static final StateSchema.Field Y = BEACON.field("y");
    private static final StateSchema.Field LEVEL = BEACON.field("level");
    private static final StateSchema.Field LIT = BEACON.field("lit");
    private static final StateSchema.Field TAG = BEACON.field("tag");
    private static final StateSchema.EntityType MATCH = STATE.type("match");
    private static final StateSchema.Field PHASE = MATCH.field("phase");
    private static final StateSchema.Field TICKS = MATCH.field("ticks");

    public volatile boolean breakTick;
    private final float viewRadius;

    /**
     * Every member sees every beacon.
     */
    public BeaconGame()
    {
        this(0);
    }

    /**
     * @param viewRadius within which a member sees others' beacons when the room is not broadcast; beacon i stands at
     *                   (100 (i + 1), 1000 - 100 (i + 1)), so neighbours in seat order are 141 apart.
     */
    public BeaconGame(final float viewRadius)
    {
        this.viewRadius = viewRadius;
    }

    public String name()
    {
        return NAME;
    }

    public int maxPlayers()
    {
        return 8;
    }

    public float viewRadius()
    {
        return viewRadius;
    }

    public StateSchema state()
    {
        return STATE;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new GameRoom()
        {
            private final int[] ids = new int[8];
            private final int[] levels = new int[8];
            private final boolean[] lit = new boolean[8];
            private final UnsafeBuffer tag = new UnsafeBuffer(new byte[4]);
            private int count;
            private int nextId = 100;
            private int ticks;

            public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
            {
                ids[count] = nextId++;
                levels[count] = 0;
                lit[count] = true;
                return ids[count++];
            }

            public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
            {
                final int i = indexOf(entityId);
                if (i >= 0)
                {
                    System.arraycopy(ids, i + 1, ids, i, count - i - 1);
                    System.arraycopy(levels, i + 1, levels, i, count - i - 1);
                    System.arraycopy(lit, i + 1, lit, i, count - i - 1);
                    count--;
                }
            }

            public ErrorCode onInput(
                final int entityId, final float thrust, final float turn, final boolean fire, final GameEvents events)
            {
                final int i = indexOf(entityId);
                if (i < 0)
                {
                    return ErrorCode.INVALID_INPUT;
                }
                if (fire)
                {
                    lit[i] = !lit[i];
                }
                return ErrorCode.OK;
            }

            public void onTick(final long tick, final GameEvents events)
            {
                ticks++;
                for (int i = 0; i < count; i++)
                {
                    if (lit[i])
                    {
                        levels[i] = levels[i] >= 250 ? 0 : levels[i] + 1;
                    }
                }
            }

            public void writeView(final ViewWriter view)
            {
                view.entity(MATCH_ENTITY_ID, MATCH);
                view.set(PHASE, count >= 2 ? 1 : 0);
                view.set(TICKS, ticks);
                for (int i = 0; i < count; i++)
                {
                    final float x = 100f * (i + 1);
                    final float y = 1000f - 100f * (i + 1);
                    view.entity(ids[i], BEACON, x, y);
                    view.set(X, x);
                    view.set(Y, y);
                    view.set(LEVEL, breakTick ? 256 : levels[i]);
                    view.set(LIT, lit[i]);
                    tag.putInt(0, ids[i] * 7);
                    view.set(TAG, tag, 0);
                }
            }

            public void writeState(final StateWriter out)
            {
                out.putInt(count).putInt(nextId).putInt(ticks);
                for (int i = 0; i < count; i++)
                {
                    out.putInt(ids[i]).putInt(levels[i]).putBoolean(lit[i]);
                }
            }

            public void readState(final StateReader in)
            {
                count = in.getInt();
                nextId = in.getInt();
                ticks = in.getInt();
                for (int i = 0; i < count; i++)
                {
                    ids[i] = in.getInt();
                    levels[i] = in.getInt();
                    lit[i] = in.getBoolean();
                }
            }

            public boolean savePlayer(final int entityId, final StateWriter out)
            {
                return false;
            }

            private int indexOf(final int entityId)
            {
                for (int i = 0; i < count; i++)
                {
                    if (ids[i] == entityId)
                    {
                        return i;
                    }
                }
                return -1;
            }
        };
    }
}
