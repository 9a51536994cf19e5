package io.ringside.engine.support;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.Matchmaker;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A test game of tables for rooms made with options: a room takes one option, {@code mode} ({@code duel}, the
 * default, or {@code coop}), refuses any other, and lists itself as {@code mode=<mode>,seats=<free seats>}. Entity
 * id = 100 + player id. Its matchmaker is the engine's default unless one is given.
 */
public final class TableGame implements Game
{
    public static final String NAME = "tables";

    private final int maxPlayers;
    private final Matchmaker matchmaker;

    public TableGame(final int maxPlayers)
    {
        this(maxPlayers, Matchmaker.FIRST_OPEN);
    }

    public TableGame(final int maxPlayers, final Matchmaker matchmaker)
    {
        this.maxPlayers = maxPlayers;
        this.matchmaker = matchmaker;
    }

    public String name()
    {
        return NAME;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    public float viewRadius()
    {
        return 0;
    }

    public Matchmaker matchmaker()
    {
        return matchmaker;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new GameRoom()
        {
            private final List<Long> players = new ArrayList<>();
            private String mode = "duel";

            public ErrorCode onCreate(final RoomOptions options)
            {
                final String wanted = options.get("mode");
                if (options.size() > (null == wanted ? 0 : 1) ||
                    (null != wanted && !"duel".equals(wanted) && !"coop".equals(wanted)))
                {
                    return ErrorCode.INVALID_INPUT;
                }
                mode = null == wanted ? "duel" : wanted;
                return ErrorCode.OK;
            }

            public String metadata()
            {
                return "mode=" + mode + ",seats=" + (maxPlayers - players.size());
            }

            public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
            {
                players.add(playerId);
                return (int)(100 + playerId);
            }

            public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
            {
                players.remove(Long.valueOf(entityId - 100));
            }

            public void onTick(final long tick, final GameEvents events)
            {
            }

            public void writeView(final ViewWriter view)
            {
                for (final long playerId : players)
                {
                    view.entity((int)(100 + playerId), EntityKind.PLAYER, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                }
            }

            public void writeState(final StateWriter out)
            {
                out.putInt("coop".equals(mode) ? 1 : 0).putInt(players.size());
                for (final long playerId : players)
                {
                    out.putLong(playerId);
                }
            }

            public void readState(final StateReader in)
            {
                mode = 1 == in.getInt() ? "coop" : "duel";
                for (int i = 0, n = in.getInt(); i < n; i++)
                {
                    players.add(in.getLong());
                }
            }

            public boolean savePlayer(final int entityId, final StateWriter state)
            {
                return false;
            }
        };
    }
}
