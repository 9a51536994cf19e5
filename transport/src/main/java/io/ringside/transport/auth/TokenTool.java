package io.ringside.transport.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Prints a signed token for a player:
 * {@code TokenTool <playerId> [ttlSeconds]} with the secret in the {@code RINGSIDE_AUTH_SECRET} environment variable
 * (or the {@code ringside.auth.secret} system property).
 */
public final class TokenTool
{
    private TokenTool()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 1)
        {
            System.err.println("usage: TokenTool <playerId> [ttlSeconds]  (secret from RINGSIDE_AUTH_SECRET)");
            System.exit(2);
        }
        final String secret = System.getProperty("ringside.auth.secret", System.getenv("RINGSIDE_AUTH_SECRET"));
        if (null == secret)
        {
            System.err.println("set RINGSIDE_AUTH_SECRET (or -Dringside.auth.secret) to the engine's secret");
            System.exit(2);
        }
        final long playerId = Long.parseLong(args[0]);
        final long ttlSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3600;
        final HmacTokenAuthenticator authenticator =
            new HmacTokenAuthenticator(secret.getBytes(StandardCharsets.UTF_8));
        System.out.println(authenticator.token(playerId, Instant.now().getEpochSecond() + ttlSeconds));
    }
}
