package io.ringside.perf;

import io.ringside.engine.EngineMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clients outside the JVM against the engine as a real process with its WebSocket endpoint (the arena and the
 * games module's games): the TypeScript client's tests run by Node, and the live arena page in a real headless
 * Chromium driven by playwright-core. Both are the client module's own tests (clients/typescript/test/), compiled by
 * its build; this class only starts the engine and runs them, and fails with their output when they fail.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebClientsProcessTest
{
    private static final Path CLIENT_DIR = Path.of("..", "clients", "typescript").toAbsolutePath().normalize();
    private static final Pattern WEBSOCKET_URL = Pattern.compile("WebSocket on (ws://\\S+)");
    private static final Pattern PAGE_URL = Pattern.compile("live arena page on (http://\\S+)");

    @TempDir
    Path dir;

    private final List<ChildJvm> processes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        processes.forEach(p -> p.process.destroyForcibly());
    }

    private ChildJvm startEngine() throws Exception
    {
        final int port = 40_000 + 2 * ThreadLocalRandom.current().nextInt(9_000);
        final ChildJvm engine = new ChildJvm(processes, "engine", EngineMain.class,
            "--ingress", "aeron:udp?endpoint=localhost:" + port, "--driver-dir", dir.resolve("driver").toString(),
            "--db", dir.resolve("ringside.db").toString(), "--ws-port", String.valueOf(freeTcpPort()));
        engine.awaitOutput("ringside engine ready", 60);
        return engine;
    }

    /**
     * A port free now (0 is "no endpoint" to the engine's flag, so the test picks one).
     */
    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static String find(final Pattern pattern, final ChildJvm engine)
    {
        final Matcher matcher = pattern.matcher(engine.output);
        assertTrue(matcher.find(), pattern + " in:\n" + engine.output);
        return matcher.group(1);
    }

    /**
     * Run Node in the client module with the given environment; the test fails with Node's output unless it exits 0.
     */
    private static void node(final Map<String, String> environment, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        final Process node = builder.start();
        final byte[][] output = new byte[1][];
        final Thread reader = new Thread(() ->
        {
            try
            {
                output[0] = node.getInputStream().readAllBytes();
            }
            catch (final IOException ex)
            {
                output[0] = ex.toString().getBytes(StandardCharsets.UTF_8);
            }
        }, "node-output");
        reader.start();
        final boolean exited = node.waitFor(150, TimeUnit.SECONDS);
        if (!exited)
        {
            node.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        final String text = null == output[0] ? "" : new String(output[0], StandardCharsets.UTF_8);
        assertTrue(exited, "node did not finish in time:\n" + text);
        assertEquals(0, node.exitValue(), String.join(" ", command) + ":\n" + text);
    }

    @Test
    void theTypeScriptClientsTestsPassAgainstTheEngine() throws Exception
    {
        assertTrue(Files.isDirectory(CLIENT_DIR.resolve("target/node-test/test/engine")),
            "the client module's compiled tests, in " + CLIENT_DIR);
        final ChildJvm engine = startEngine();
        node(Map.of("RINGSIDE_WS_URL", find(WEBSOCKET_URL, engine)),
            "--experimental-websocket", "--test", "target/node-test/test/engine/");
    }

    @Test
    void theArenaPagePlaysInAHeadlessBrowser() throws Exception
    {
        final ChildJvm engine = startEngine();
        node(Map.of("RINGSIDE_PAGE_URL", find(PAGE_URL, engine)),
            "--experimental-websocket", "--test", "target/node-test/test/browser/");
    }
}
