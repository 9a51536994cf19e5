package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.Lock;


/**
 * The engine's Aeron: an embedded media driver (unless an Aeron directory of a running driver was given) and one
 * Aeron client whose conductor is invoked by the ingress agent's duty cycle, so that image and publication events
 * happen on a thread the engine controls and no extra client thread competes for the cores.
 * <p>
 * Default profile: the driver runs SHARED_NETWORK: the conductor on a thread of its own, paced to one duty cycle a
 * millisecond ({@link PacedIdleStrategy}: each cycle walks every publication, and nothing on the IPC path waits for
 * it), the sender and receiver on another with a backoff idle strategy; both park while no client is connected.
 * Measured at 1,000 IPC players against SHARED (one thread, backoff): driver 0.44 to 0.14 of a core, engine 0.93 to
 * 0.77 cores. Also SHARED ({@code ringside.driver.threading=shared}) or INVOKER ({@code invoker}: no thread, run by
 * the ingress duty cycle, see {@link #invokeDriver()}). Low-latency profile: DEDICATED threads, busy spin.
 */
public final class TransportDriver implements AutoCloseable
{
    private final TransportContext context;
    private final MediaDriver mediaDriver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;

    public TransportDriver(final TransportContext context, final ErrorHandler errorHandler)
    {
        this.context = context.conclude();
        MediaDriver driver = null;
        try
        {
            if (context.embeddedDriver())
            {
                final IdleStrategy idle = IdleStrategies.driver(context.lowLatency(), context.clientPresence());
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(context.aeronDirectoryName())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(context.threadingMode())
                    .sharedIdleStrategy(idle)
                    .sharedNetworkIdleStrategy(idle)
                    .conductorIdleStrategy(ThreadingMode.SHARED_NETWORK == context.threadingMode() ?
                        IdleStrategies.conductor(context.lowLatency(), context.clientPresence(),
                        context.driverConductorPeriodNs()) : idle)
                    .senderIdleStrategy(IdleStrategies.driver(context.lowLatency()))
                    .receiverIdleStrategy(IdleStrategies.driver(context.lowLatency()))
                    .publicationTermBufferLength(context.egressTermLength())
                    .ipcTermBufferLength(context.egressTermLength())
                    .socketRcvbufLength(context.socketBufferLength())
                    .socketSndbufLength(context.socketBufferLength())
                    // names are resolved on the conductor: the engine's channels name IP addresses (clients'
                    // source hosts) or resolve once at start, and the executor's thread would wake 1,000 times a
                    // second for nothing
                    .asyncExecutorEnabled(false)
                    .errorHandler(errorHandler));
            }
            mediaDriver = driver;
            driverInvoker = null == driver ? null : driver.sharedAgentInvoker();
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(context.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .driverAgentInvoker(null == driver ? null : driver.sharedAgentInvoker())
                .driverTimeoutMs(context.driverTimeoutMs())
                .errorHandler(errorHandler));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return the invoker of the Aeron client's conductor; call it from the ingress duty cycle.
     */
    public AgentInvoker conductorInvoker()
    {
        return aeron.conductorAgentInvoker();
    }

    /**
     * One turn of the embedded media driver when it runs INVOKER (no thread of its own), from the ingress duty
     * cycle; 0 otherwise. A client call on another thread (egress adding a client's publication) that waits for the
     * driver runs it too, holding the client lock; this turn takes the same lock, so the driver never runs on two
     * threads at once, and skips the turn when the lock is held.
     *
     * @return work done.
     */
    public int invokeDriver()
    {
        if (null == driverInvoker)
        {
            return 0;
        }
        final Lock lock = aeron.context().clientLock();
        if (!lock.tryLock())
        {
            return 0;
        }
        try
        {
            return driverInvoker.invoke();
        }
        finally
        {
            lock.unlock();
        }
    }

    public TransportContext context()
    {
        return context;
    }

    public String aeronDirectoryName()
    {
        return context.aeronDirectoryName();
    }

    public boolean embeddedDriver()
    {
        return null != mediaDriver;
    }

    public void close()
    {
        CloseHelper.closeAll(aeron, mediaDriver);
    }
}
