package io.ringside.transport.auth;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest
{
    private static final long NOW_MS = 1_800_000_000_000L;
    private final HmacTokenAuthenticator hmac =
        new HmacTokenAuthenticator("a-server-secret-for-tests".getBytes(StandardCharsets.UTF_8));

    private long check(final Authenticator authenticator, final String credentials, final String name)
    {
        final UnsafeBuffer c = new UnsafeBuffer(credentials.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer n = new UnsafeBuffer(name.getBytes(StandardCharsets.UTF_8));
        return authenticator.authenticate(c, 0, c.capacity(), n, 0, n.capacity(), NOW_MS);
    }

    @Test
    void aSignedTokenProvesThePlayerUntilItExpires()
    {
        final String token = hmac.token(42, NOW_MS / 1000 + 60);
        assertEquals(42, check(hmac, token, "anyone"));
        assertEquals(Authenticator.EXPIRED, check(hmac, hmac.token(42, NOW_MS / 1000 - 1), "x"));
    }

    @Test
    void forgedAlteredAndMalformedTokensAreRejected()
    {
        final String token = hmac.token(42, NOW_MS / 1000 + 60);
        assertEquals(Authenticator.REJECTED, check(hmac, token.replace("v1.42.", "v1.43."), "x"), "player changed");
        assertEquals(Authenticator.REJECTED, check(hmac, token.substring(0, token.length() - 2) + "AA", "x"));
        final HmacTokenAuthenticator other = new HmacTokenAuthenticator(
            "another-secret-entirely".getBytes(StandardCharsets.UTF_8));
        assertEquals(Authenticator.REJECTED, check(hmac, other.token(42, NOW_MS / 1000 + 60), "x"), "other secret");
        for (final String bad : new String[]{ "", "v1", "v1.1.2", "v2.1.2.sig", "v1.a.b.sig", "....", "v1.-5.9.x" })
        {
            assertEquals(Authenticator.REJECTED, check(hmac, bad, "x"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new HmacTokenAuthenticator(new byte[8]));
    }

    @Test
    void noneAuthenticatorDerivesAStableIdFromTheName()
    {
        final NoneAuthenticator none = new NoneAuthenticator();
        final long alice = check(none, "", "alice");
        assertTrue(alice > 0);
        assertEquals(alice, check(none, "whatever", "alice"), "the same name is the same player");
        assertNotEquals(alice, check(none, "", "bob"));
        assertEquals(Authenticator.REJECTED, check(none, "", ""), "a name is required");
    }
}
