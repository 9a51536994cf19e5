package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.concurrent.locks.Lock;


/**
 * The engine's Aeron: an embedded media driver (unless an Aeron directory of a running driver was given) and one
 * Aeron client whose conductor is invoked by the ingress agent's duty cycle, so that image and publication events
 * happen on a thread the engine controls and no extra client thread competes for the cores.
 * <p>
 * Default profile: the driver runs DEDICATED. The conductor is paced to one duty cycle a millisecond unless client
 * commands wait ({@link PacedIdleStrategy}: each cycle walks every publication; measured at 1,000 IPC players against
 * one SHARED thread: driver 0.44 to 0.14 of a core, engine 0.93 to 0.77 cores). The
 * sender and receiver back off to parks on threads of their own: with both on one thread the receiver, which reads
 * one datagram per socket per duty cycle, waited on the sender, whose every send walks each multi-destination room
 * publication's receiver liveness table (JFR at 225 UDP players: 75% of that thread); apart, UDP held 300 players
 * instead of 225 in the same comparison (400 in the full capacity run). All three park while no client is connected
 * (the conductor 25 ms, the others 50 ms). Also SHARED_NETWORK, SHARED, or INVOKER ({@code ringside.driver.threading=invoker}: no thread, run by the ingress duty
 * cycle, see {@link #invokeDriver()}). Low-latency profile: DEDICATED threads, busy spin.
 */
public final class TransportDriver implements AutoCloseable
{
    private final TransportContext context;
    private final MediaDriver mediaDriver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final WakeableIdleStrategy senderIdle;
    private final PacedIdleStrategy conductorPace;
    private MappedByteBuffer cncForConductorPace;

    public TransportDriver(final TransportContext context, final ErrorHandler errorHandler)
    {
        this.context = context.conclude();
        MediaDriver driver = null;
        senderIdle = context.embeddedDriver() && !context.lowLatency() ? IdleStrategies.wakeableNetwork() : null;
        conductorPace = new PacedIdleStrategy(context.driverConductorPeriodNs(), context.driverConductorRestRatio(),
            TransportContext.DRIVER_CONDUCTOR_MAX_REST_NS);
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
                    .conductorIdleStrategy(ThreadingMode.SHARED_NETWORK == context.threadingMode() ||
                        ThreadingMode.DEDICATED == context.threadingMode() ?
                        IdleStrategies.conductor(context.lowLatency(), context.clientPresence(), conductorPace) :
                        idle)
                    .senderIdleStrategy(null == senderIdle ? new BusySpinIdleStrategy() : new PresenceIdleStrategy(
                        senderIdle, context.clientPresence(), IdleStrategies.NETWORK_QUIET_PARK_NS))
                    .receiverIdleStrategy(IdleStrategies.network(context.lowLatency(), context.clientPresence()))
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
            if (null != driver && !context.lowLatency())
            {
                watchDriverCommands(driver.aeronDirectoryName());
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
            unmapCnc();
            throw ex;
        }
    }

    /**
     * Hand the paced conductor a view of the driver's command buffer, mapped here (not the Aeron client's, which is
     * unmapped when the client closes, while the conductor may still be reading it).
     */
    private void watchDriverCommands(final String aeronDirectoryName)
    {
        cncForConductorPace = IoUtil.mapExistingFile(new File(aeronDirectoryName, CncFileDescriptor.CNC_FILE), "cnc");
        final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cncForConductorPace);
        conductorPace.watchCommands(
            new ManyToOneRingBuffer(CncFileDescriptor.createToDriverBuffer(cncForConductorPace, metaData)));
    }

    private void unmapCnc()
    {
        if (null != cncForConductorPace)
        {
            IoUtil.unmap(cncForConductorPace);
            cncForConductorPace = null;
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

    /**
     * Any thread: wake the embedded media driver's sender (DEDICATED, default profile) from its park because
     * something was offered to a network publication; nothing otherwise.
     */
    public void wakeSender()
    {
        if (null != senderIdle)
        {
            senderIdle.wake();
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
        try
        {
            CloseHelper.closeAll(aeron, mediaDriver);
        }
        finally
        {
            unmapCnc();
        }
    }
}
