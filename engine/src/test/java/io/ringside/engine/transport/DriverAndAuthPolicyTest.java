package io.ringside.engine.transport;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.Engine;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.TransportContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DriverAndAuthPolicyTest
{
    private static void pollUntil(final GameClient client, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out");
            }
            client.poll(16);
            Thread.yield();
        }
    }

    private static ErrorCode connect(final Aeron aeron, final String ingress)
    {
        try (GameClient client = new GameClient(aeron, ingress, 1001, "aeron:udp?endpoint=localhost:" +
            NetworkFixture.freePort(), 7, new GameClientListener()
            {
            }))
        {
            pollUntil(client, client::isConnected);
            NetworkFixture.send(() -> client.connect("eve", new byte[0]));
            pollUntil(client, () -> null != client.sessionResult());
            return client.sessionResult();
        }
    }

    @Test
    void anEngineUsesARunningMediaDriverWhenItsDirectoryIsGiven()
    {
        final String dir = CommonContext.generateRandomDirName();
        final int port = NetworkFixture.freePort();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            Engine engine = Engine.launch(NetworkFixture.defaultGamesContext(), new TransportContext()
                .aeronDirectoryName(dir).ingressChannel("aeron:udp?endpoint=localhost:" + port).ingressIpcChannel(""),
                new IngressContext());
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir)))
        {
            assertFalse(engine.transport().embeddedDriver());
            assertEquals(dir, engine.aeronDirectoryName());
            assertEquals(ErrorCode.OK, connect(aeron, "aeron:udp?endpoint=localhost:" + port));
        }
    }

    @Test
    void anEngineWhoseExternalDriverDiesSaysSoAndClosesWithoutHanging()
    {
        final String dir = CommonContext.generateRandomDirName();
        final int port = NetworkFixture.freePort();
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        final Engine engine;
        try
        {
            engine = Engine.launch(NetworkFixture.defaultGamesContext(), new TransportContext()
                .aeronDirectoryName(dir).driverTimeoutMs(1_000)
                .ingressChannel("aeron:udp?endpoint=localhost:" + port).ingressIpcChannel(""),
                new IngressContext());
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        try
        {
            assertEquals("ok", engine.health());
            driver.close();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (null == engine.fatalError() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertNotNull(engine.fatalError(), "the loss of the driver is noticed");
            assertTrue(engine.fatalError().contains("media driver at " + dir), engine.fatalError());
            assertTrue(engine.health().startsWith("down: the media driver"), engine.health());
        }
        finally
        {
            final long startNs = System.nanoTime();
            engine.close();
            assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(15), "close is bounded");
        }
    }

    @Test
    void theNoneAuthenticatorIsRefusedWhenIngressListensBeyondLoopback()
    {
        final int port = NetworkFixture.freePort();
        try (Engine engine = Engine.launch(NetworkFixture.defaultGamesContext(), new TransportContext()
            .ingressChannel("aeron:udp?endpoint=0.0.0.0:" + port).ingressIpcChannel(""), new IngressContext());
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDirectoryName())))
        {
            assertEquals(ErrorCode.AUTH_FAILED, connect(aeron, "aeron:udp?endpoint=localhost:" + port));
            assertEquals(1, engine.ingress().counters().noneAuthRefused());
        }

        final int otherPort = NetworkFixture.freePort();
        try (Engine engine = Engine.launch(NetworkFixture.defaultGamesContext(), new TransportContext()
            .ingressChannel("aeron:udp?endpoint=0.0.0.0:" + otherPort).ingressIpcChannel(""),
            new IngressContext().allowNoneAuthOnNonLoopback(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(engine.aeronDirectoryName())))
        {
            assertEquals(ErrorCode.OK, connect(aeron, "aeron:udp?endpoint=localhost:" + otherPort),
                "accepted when explicitly enabled");
        }
    }
}
