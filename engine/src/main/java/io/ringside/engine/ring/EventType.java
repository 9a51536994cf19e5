package io.ringside.engine.ring;

/**
 * The kinds of {@link EngineEvent}. Values are stable: they are written to the journal.
 */
public final class EventType
{
    /**
     * An empty slot (never published).
     */
    public static final int NONE = 0;

    /**
     * A validated client message; the payload holds its SBE bytes. The template id says which.
     */
    public static final int CLIENT_MESSAGE = 1;

    /**
     * One fixed simulation step. {@link EngineEvent#tick} and {@link EngineEvent#timeNs} say which and when.
     */
    public static final int TICK = 2;

    /**
     * The transport lost a session (slow consumer, silence, image gone); {@link EngineEvent#reason} says why.
     */
    public static final int SESSION_LOST = 3;

    /**
     * The engine changes state (draining, shutting down, degraded); {@link EngineEvent#reason} holds the ServerState.
     */
    public static final int SERVER_STATE = 4;

    /**
     * Ingress refused a message of a known session; {@link EngineEvent#reason} is the ErrorCode to tell it, and
     * {@link EngineEvent#correlationId} the request's correlation id.
     */
    public static final int REJECTION = 5;

    /**
     * Ingress disconnects a session for abuse (repeated bad messages, floods); {@link EngineEvent#reason} says why.
     */
    public static final int SESSION_KICK = 6;

    /**
     * A room to create for the HTTP API ({@link RoomRequests}), with no session: the payload is a CreateRoom whose
     * session id is 0, {@link EngineEvent#correlationId} the request id, {@link EngineEvent#playerId} the
     * authenticated caller (0 without authentication), {@link EngineEvent#seed} and {@link EngineEvent#tokenHigh} the
     * room's seed and join code bits.
     */
    public static final int ROOM_REQUEST = 7;

    /**
     * Ingress sends a session elsewhere: another engine hosts the room it asked for, or the directory placed the room
     * it asks to create on another engine. {@link EngineEvent#correlationId} is the request's, {@link EngineEvent#seed}
     * the room (0: one to create), {@link EngineEvent#reason} the engine to go to, {@link EngineEvent#tokenHigh} when
     * the ticket expires (epoch ms), and the payload that engine's Aeron endpoint and WebSocket URL, ASCII, each
     * ended by a newline. The logic signs the ticket for the session's player and answers Redirect.
     */
    public static final int REDIRECT = 8;

    /**
     * A message from the HA cluster (a seat given or refused, a room's frame, a room closed, the gateway opened), or
     * one part of it: ingress cuts a message longer than a slot's payload into parts published in a row.
     * {@link EngineEvent#reason} is the part's index, {@link EngineEvent#seed} the number of parts, the payload the
     * part's bytes.
     */
    public static final int HA_MESSAGE = 9;

    private EventType()
    {
    }

    public static String name(final int type)
    {
        switch (type)
        {
            case NONE: return "NONE";
            case CLIENT_MESSAGE: return "CLIENT_MESSAGE";
            case TICK: return "TICK";
            case SESSION_LOST: return "SESSION_LOST";
            case SERVER_STATE: return "SERVER_STATE";
            case REJECTION: return "REJECTION";
            case SESSION_KICK: return "SESSION_KICK";
            case ROOM_REQUEST: return "ROOM_REQUEST";
            case REDIRECT: return "REDIRECT";
            case HA_MESSAGE: return "HA_MESSAGE";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
