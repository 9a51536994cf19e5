package io.ringside.engine.transport;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.engine.EngineContext;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.journal.Recovery;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the journal records besides the events (a real engine over Aeron, a real SQLite file): the settings its
 * events must be replayed with, and never a credential.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JournalRecordsTest
{
    @TempDir
    Path dir;

    private JournalContext journal()
    {
        return new JournalContext().path(dir.resolve("ringside.db"));
    }

    private EngineContext context(final int arenaSeats)
    {
        return NetworkFixture.defaultGamesContext().journalContext(journal())
            .games(new GameRegistry().register(new ArenaGame(new ArenaSettings().maxPlayers(arenaSeats))));
    }

    @Test
    void credentialsAndAuthTokensNeverReachTheJournal()
    {
        final byte[] secret = "a-test-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);
        final HmacTokenAuthenticator tokens = new HmacTokenAuthenticator(secret);
        final String token = tokens.token(42, Instant.now().getEpochSecond() + 3600);
        try (NetworkFixture network = new NetworkFixture(false, context(64), new IngressContext().authenticator(tokens)))
        {
            final GameClient client = network.client();
            network.pollUntil("connected", 10_000, client::isConnected);
            send(() -> client.connect("carol", token.getBytes(StandardCharsets.US_ASCII)));
            network.pollUntil("session", 10_000, () -> null != client.sessionResult());
            assertEquals(ErrorCode.OK, client.sessionResult());
            send(() -> client.joinRoom("arena", 0));
            network.pollUntil("seated", 10_000, () -> client.entityId() > 0);
        }

        final byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        final byte[] signature = token.substring(token.lastIndexOf('.') + 1).getBytes(StandardCharsets.US_ASCII);
        final int[] connects = new int[1];
        try (JournalReader reader = new JournalReader(journal()))
        {
            reader.readEvents(-1, Long.MAX_VALUE, row ->
            {
                final byte[] payload = new byte[row.payloadLength];
                row.payload.getBytes(0, payload);
                assertFalse(contains(payload, tokenBytes), "the token in row " + row.sequence);
                assertFalse(contains(payload, signature), "its signature in row " + row.sequence);
                if (ConnectDecoder.TEMPLATE_ID == row.templateId)
                {
                    connects[0]++;
                    final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(row.payload, 0);
                    final ConnectDecoder connect = new ConnectDecoder().wrap(row.payload,
                        MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    connect.skipResponseChannel();
                    assertEquals("carol", connect.playerName());
                    assertEquals(0, connect.credentialsLength(), "the Connect is journaled without credentials");
                    assertEquals(42, row.playerId, "what they decided is journaled: the player");
                }
                return true;
            });
        }
        assertEquals(1, connects[0]);
    }

    @Test
    void aJournalIsReplayedOnlyWithTheSimulationSettingsItWasWrittenWith()
    {
        try (NetworkFixture network = new NetworkFixture(false, context(64), new IngressContext()))
        {
            network.seat(network.client(), "dave");
        }
        try (JournalReader reader = new JournalReader(journal()))
        {
            final String recorded = reader.metadata(Recovery.SIMULATION_SETTINGS_KEY);
            assertNotNull(recorded);
            assertTrue(recorded.contains("arena{maxPlayers=64,"), recorded);
            assertTrue(recorded.contains("tickIntervalNs="), recorded);
        }

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new NetworkFixture(false, context(32), new IngressContext()).close());
        assertTrue(refused.getMessage().contains("other simulation settings"), refused.getMessage());
        assertTrue(refused.getMessage().contains("maxPlayers=64") && refused.getMessage().contains("maxPlayers=32"),
            "both named: " + refused.getMessage());

        try (NetworkFixture network = new NetworkFixture(false, context(64), new IngressContext()))
        {
            assertEquals(1, network.engine.pipeline().logic().sessionCount(), "the same settings recover");
        }
    }

    private static boolean contains(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
