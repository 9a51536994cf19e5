package io.ringside.transport;

import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomLeftDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;

/**
 * Receives what the engine sends, decoded, on the thread that polls the {@link GameClient}. Decoders are flyweights
 * valid only during the call. Every method has an empty default so a client implements what it needs.
 */
public interface GameClientListener
{
    default void onSessionResult(final SessionResultDecoder result)
    {
    }

    default void onRoomJoined(final RoomJoinedDecoder joined)
    {
    }

    default void onRoomLeft(final RoomLeftDecoder left)
    {
    }

    default void onSnapshot(final SnapshotDecoder snapshot)
    {
    }

    /**
     * A RoomSnapshot from the room's stream that this client can apply: a FULL keyframe, or a DELTA against the
     * previous room message (DELTAs after a loss are held back until the next keyframe; the client counts them).
     *
     * @param snapshot                   the room's state, positioned at its first group (members).
     * @param lastInputSequence          this client's last input the engine processed, from the members group (0 if
     *                                   the client's entity is not listed).
     * @param lastInputClientTimestampNs that input's client timestamp, echoed.
     */
    default void onRoomSnapshot(
        final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputClientTimestampNs)
    {
    }

    /**
     * A RoomState from the room's stream (a game that declares its state), applied: {@code state} holds the room's
     * entities by id, type and field as they now are.
     *
     * @param state                      the room's declared state after the message.
     * @param lastInputSequence          this client's last input the engine processed (0 if not listed).
     * @param lastInputClientTimestampNs that input's client timestamp, echoed.
     */
    default void onRoomState(
        final DeclaredState state, final long lastInputSequence, final long lastInputClientTimestampNs)
    {
    }

    default void onGameEvent(final GameEventDecoder event)
    {
    }

    /**
     * A game-defined message from the client's room, positioned at its payload ({@code payloadLength()},
     * {@code getPayload(...)}, or {@code wrapPayload(...)} for the bytes without a copy).
     */
    default void onRoomMessage(final RoomMessageDecoder message)
    {
    }

    /**
     * A page of rooms the client asked for ({@code GameClient.listRooms}): {@code rooms()} in order, and
     * {@code metadata()} with each room's metadata ended by a newline, in the same order.
     */
    default void onRoomList(final RoomListDecoder list)
    {
    }

    /**
     * @param roundTripNs the client's clock now minus the ping's client timestamp.
     */
    default void onPong(final PongDecoder pong, final long roundTripNs)
    {
    }

    default void onError(final ErrorDecoder error)
    {
    }

    default void onServerStatus(final ServerStatusDecoder status)
    {
    }

    /**
     * The client lost its engine (told SHUTTING_DOWN, or the engine's stream went away) and is resuming its session
     * by itself; sends are refused until it is back.
     *
     * @param reason SHUTTING_DOWN when told so, TIMED_OUT when the stream went away.
     */
    /**
     * The client followed a Redirect: it has a session on engine {@code engineId} now and asked again there for the
     * room (0: one to create); the answer comes as usual. Informational: nothing needs doing.
     */
    default void onRedirected(final long engineId, final long roomId)
    {
    }

    /**
     * A Redirect could not be followed (the other engine refused the ticket, or did not answer in time, or this
     * transport cannot reach it, or REDIRECT_LOOP after several in a row): the client has no session.
     */
    default void onRedirectFailed(final ErrorCode code)
    {
    }

    default void onResuming(final ErrorCode reason)
    {
    }

    /**
     * The session is back, with its seat; the per-client sequence carries on from the SessionResult just received.
     */
    default void onResumed(final long sessionId)
    {
    }

    /**
     * The client gave up resuming: UNKNOWN_SESSION (the engine forgot the session) or TIMED_OUT (its window passed).
     * Connect again for a new session.
     */
    default void onResumeFailed(final ErrorCode code)
    {
    }

    /**
     * Bytes from the engine that did not validate (never expected; counted by the client too).
     */
    default void onInvalidMessage(final Rejection rejection)
    {
    }
}
