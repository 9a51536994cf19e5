package io.ringside.engine;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for SIGINT or SIGTERM and turns it into an orderly shutdown that ends in exit status 0.
 * <p>
 * Agrona's {@code ShutdownSignalBarrier} (2.3 and later) works through shutdown hooks, so by the time it wakes the
 * JVM is already exiting with status 143 for SIGTERM. A server that drained and flushed everything has not failed, and
 * scripts and supervisors read the status, so this handles the two signals itself: the JVM only starts its own exit
 * when {@code main} returns. A second signal while shutting down is a request to stop now (status 130 or 143).
 */
final class ShutdownSignal
{
    private static final String[] SIGNALS = { "INT", "TERM" };

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String received;

    ShutdownSignal()
    {
        for (final String name : SIGNALS)
        {
            Signal.handle(new Signal(name), this::onSignal);
        }
    }

    private void onSignal(final Signal signal)
    {
        if (null != received)
        {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        received = "SIG" + signal.getName();
        latch.countDown();
    }

    /**
     * Run {@code action} on every SIGHUP (the engine prints its latency histograms: {@code kill -HUP <pid>}).
     */
    static void onHangUp(final Runnable action)
    {
        Signal.handle(new Signal("HUP"), signal -> action.run());
    }

    /**
     * Block until a signal arrives.
     *
     * @return the signal's name, such as {@code SIGTERM}.
     */
    String await() throws InterruptedException
    {
        latch.await();
        return received;
    }

    /**
     * @return the signal's name, or null when none arrived within the timeout.
     */
    String await(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return latch.await(timeout, unit) ? received : null;
    }
}
