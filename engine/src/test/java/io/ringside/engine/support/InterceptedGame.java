package io.ringside.engine.support;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real game with faults and stalls switched on from a test: it delegates every call to the game it wraps, but
 * throws from join, input, tick or leave (or sends an undeclared message) while the matching switch is on (after doing part of its work first, as
 * faulty code does), and parks the logic thread in {@code onTick} while {@link #stallTicks} is on. The switches are
 * volatile: the test's thread sets them, the logic thread reads them.
 */
public final class InterceptedGame implements Game
{
    public volatile boolean failJoin;
    public volatile boolean failInput;
    public volatile boolean failTick;
    public volatile boolean failLeave;
    public volatile boolean stallTicks;
    /**
     * In {@code onMessage}, send the room a message with an opcode the game does not declare before passing the
     * message on: a game breaking its own declaration.
     */
    public volatile boolean sendUndeclared;
    private static final int UNDECLARED_OPCODE = 0xFFFF;
    private final Game game;

    public InterceptedGame(final Game game)
    {
        this.game = game;
    }

    public String name()
    {
        return game.name();
    }

    public int maxPlayers()
    {
        return game.maxPlayers();
    }

    public float viewRadius()
    {
        return game.viewRadius();
    }

    public MessageCatalog messages()
    {
        return game.messages();
    }

    public int tickDivisor()
    {
        return game.tickDivisor();
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        final GameRoom room = game.createRoom(settings);
        return new GameRoom()
        {
            public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
            {
                if (failJoin)
                {
                    throw new IllegalStateException("injected fault in onJoin");
                }
                return room.onJoin(playerId, saved, events);
            }

            public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
            {
                if (failLeave)
                {
                    throw new IllegalStateException("injected fault in onLeave");
                }
                room.onLeave(entityId, reason, events);
            }

            public ErrorCode onInput(
                final int entityId, final float thrust, final float turn, final boolean fire, final GameEvents events)
            {
                if (failInput)
                {
                    throw new IllegalStateException("injected fault in onInput");
                }
                return room.onInput(entityId, thrust, turn, fire, events);
            }

            public ErrorCode onAction(final int entityId, final int cell, final GameEvents events)
            {
                return room.onAction(entityId, cell, events);
            }

            public ErrorCode onJoinAttempt(final long playerId)
            {
                return room.onJoinAttempt(playerId);
            }

            public void onDrop(final int entityId, final GameEvents events)
            {
                room.onDrop(entityId, events);
            }

            public void onResume(final int entityId, final GameEvents events)
            {
                room.onResume(entityId, events);
            }

            public void onDispose()
            {
                room.onDispose();
            }

            public ErrorCode onMessage(
                final int entityId,
                final int opcode,
                final DirectBuffer payload,
                final int offset,
                final int length,
                final GameEvents events)
            {
                if (sendUndeclared)
                {
                    events.messageToRoom(UNDECLARED_OPCODE, payload, offset, length);
                }
                return room.onMessage(entityId, opcode, payload, offset, length, events);
            }

            public void onTick(final long tick, final GameEvents events)
            {
                while (stallTicks)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                if (failTick)
                {
                    events.toRoom(io.ringside.codec.sbe.GameEventType.ROUND_STARTED, 0, 0, -1, 0, 0);
                    throw new IllegalStateException("injected fault in onTick");
                }
                room.onTick(tick, events);
            }

            public void writeView(final ViewWriter view)
            {
                room.writeView(view);
            }

            public void writeState(final StateWriter out)
            {
                room.writeState(out);
            }

            public void readState(final StateReader in)
            {
                room.readState(in);
            }

            public int maxViewEntities()
            {
                return room.maxViewEntities();
            }

            public boolean savePlayer(final int entityId, final StateWriter state)
            {
                return room.savePlayer(entityId, state);
            }
        };
    }
}
