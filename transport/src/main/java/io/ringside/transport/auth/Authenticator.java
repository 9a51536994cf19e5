package io.ringside.transport.auth;

import org.agrona.DirectBuffer;

/**
 * Decides who a connecting client is, from the credentials and player name of its Connect. Called on the ingress
 * thread, before the ring.
 */
public interface Authenticator
{
    /**
     * The credentials are missing, malformed or not signed by the server's secret.
     */
    long REJECTED = -1;

    /**
     * The credentials were valid once but have expired.
     */
    long EXPIRED = -2;

    /**
     * @param credentials    buffer holding the Connect's credentials.
     * @param offset         of the credentials.
     * @param length         of the credentials.
     * @param playerName     buffer holding the Connect's player name.
     * @param nameOffset     of the name.
     * @param nameLength     of the name.
     * @param nowEpochMs     wall-clock time, for expiry.
     * @return the player id (positive), or {@link #REJECTED} or {@link #EXPIRED}.
     */
    long authenticate(
        DirectBuffer credentials,
        int offset,
        int length,
        DirectBuffer playerName,
        int nameOffset,
        int nameLength,
        long nowEpochMs);

    /**
     * @return a short name for logs and the start-up banner.
     */
    String name();
}
