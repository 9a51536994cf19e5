package io.ringside.transport;

import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomLeftDecoder;
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

    default void onGameEvent(final GameEventDecoder event)
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
     * Bytes from the engine that did not validate (never expected; counted by the client too).
     */
    default void onInvalidMessage(final Rejection rejection)
    {
    }
}
