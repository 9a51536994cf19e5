package io.ringside.engine.support;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A test game whose players stand still on a line: player {@code p} stands at {@code x = p * spacing}, so that who
 * can see whom under interest management is known exactly. Entity id = 100 + player id.
 */
public final class LineGame implements Game
{
    private final int maxPlayers;
    private final float viewRadius;
    private final float spacing;

    public LineGame(final int maxPlayers, final float viewRadius, final float spacing)
    {
        this.maxPlayers = maxPlayers;
        this.viewRadius = viewRadius;
        this.spacing = spacing;
    }

    public String name()
    {
        return "line";
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public float viewRadius()
    {
        return viewRadius;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new GameRoom()
        {
            private final List<long[]> players = new ArrayList<>();
            private int ticks;

            public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
            {
                players.add(new long[]{ playerId, 100 + playerId });
                return (int)(100 + playerId);
            }

            public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
            {
                players.removeIf(p -> p[1] == entityId);
            }

            public void onTick(final long tick, final GameEvents events)
            {
                ticks++;
            }

            public void writeView(final ViewWriter view)
            {
                for (final long[] p : players)
                {
                    view.entity((int)p[1], EntityKind.SHIP, p[0] * spacing, 0, 0, 0, 0, 100, 0, 1, 0);
                }
            }

            public void writeState(final StateWriter out)
            {
                out.putInt(ticks).putInt(players.size());
                for (final long[] p : players)
                {
                    out.putLong(p[0]).putLong(p[1]);
                }
            }

            public void readState(final StateReader in)
            {
                ticks = in.getInt();
                for (int i = 0, n = in.getInt(); i < n; i++)
                {
                    players.add(new long[]{ in.getLong(), in.getLong() });
                }
            }

            public boolean savePlayer(final int entityId, final StateWriter state)
            {
                return false;
            }
        };
    }
}
