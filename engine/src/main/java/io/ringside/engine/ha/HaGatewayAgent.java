package io.ringside.engine.ha;

import io.aeron.Aeron;
import io.ringside.cluster.ClusterConnection;
import io.ringside.codec.ha.CreateHaRoomDecoder;
import io.ringside.codec.ha.GatewayOpenedDecoder;
import io.ringside.codec.ha.GatewayPingEncoder;
import io.ringside.codec.ha.GatewayPongDecoder;
import io.ringside.codec.ha.HaCode;
import io.ringside.codec.ha.HaRefusedEncoder;
import io.ringside.codec.ha.JoinHaRoomDecoder;
import io.ringside.codec.ha.LeaveHaRoomDecoder;
import io.ringside.codec.ha.MessageHeaderDecoder;
import io.ringside.codec.ha.MessageHeaderEncoder;
import io.ringside.codec.ha.OpenGatewayEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;
import java.security.SecureRandom;

/**
 * The engine's side of the HA cluster, on a thread of its own: one cluster session for every player of HA rooms on
 * this engine. It opens the gateway (again after a new session: the same instance keeps its members), sends what
 * the logic hands it ({@link HaChannels#readToCluster}) and hands the service's answers and frames to ingress
 * ({@link HaChannels#receiveFromCluster}). While no gateway is open (no leader, an election) input batches are lost
 * in flight and counted; a create or join is answered here, SERVER_BUSY, so no player waits for a cluster that is
 * away. A ping each second, answered by the leader from the log, keeps the session open while players are quiet,
 * measures the round trip, and shows a session the cluster no longer hears (a whole cluster started again forgets its
 * sessions without telling them): unanswered for longer than a leader change takes, it is closed and opened again.
 * Its fields are its own thread's.
 */
public final class HaGatewayAgent implements Agent, ClusterConnection.Listener
{
    private static final long OPEN_RETRY_NS = 1_000_000_000L;
    private static final int MESSAGES_PER_CYCLE = 64;
    private static final long PING_INTERVAL_NS = 1_000_000_000L;
    private static final int MAX_HELD_LEAVES = 4096;
    /**
     * How long a message the cluster's ingress pushes back is offered again before it counts as not sent.
     */
    private static final long BACK_PRESSURE_RETRY_NS = 100_000_000L;

    private final int gatewayId;
    private final HaChannels channels;
    private final ClusterConnection connection;
    private final NanoClock clock;
    private final PrintStream log;
    private final long instanceId = new SecureRandom().nextLong();
    private final ControlledMessageHandler toCluster = this::onToCluster;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OpenGatewayEncoder openEncoder = new OpenGatewayEncoder();
    private final GatewayOpenedDecoder openedDecoder = new GatewayOpenedDecoder();
    private final GatewayPingEncoder pingEncoder = new GatewayPingEncoder();
    private final GatewayPongDecoder pongDecoder = new GatewayPongDecoder();
    private final CreateHaRoomDecoder createDecoder = new CreateHaRoomDecoder();
    private final JoinHaRoomDecoder joinDecoder = new JoinHaRoomDecoder();
    private final HaRefusedEncoder refusedEncoder = new HaRefusedEncoder();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(256);
    private final ExpandableArrayBuffer heldLeaves = new ExpandableArrayBuffer(4096);
    private int heldLeaveCount;
    private int heldLeavesLength;

    private final AtomicCounter connected;
    private final AtomicCounter sent;
    private final AtomicCounter notSent;
    private final AtomicCounter received;
    private final AtomicCounter receivedDropped;
    private final AtomicCounter leaderChanges;
    private final AtomicCounter leavesDropped;
    private final AtomicCounter pingRttUs;
    private final AtomicCounter silentCloses;

    private boolean opened;
    private long pushedBackSinceNs;
    private long nextPingNs;
    private long pingId;
    private long nextOpenNs;
    private boolean refusalPrinted;

    /**
     * @param gatewayId        this engine's id as the cluster knows its gateway, at least 1.
     * @param ingressEndpoints every HA member's ingress {@code host:port}, comma separated, in member order.
     * @param egressChannel    where this engine hears the cluster, e.g. {@code aeron:udp?endpoint=localhost:0}.
     */
    public HaGatewayAgent(
        final int gatewayId,
        final String ingressEndpoints,
        final String egressChannel,
        final Aeron aeron,
        final HaChannels channels,
        final EngineCounters counters,
        final NanoClock clock,
        final PrintStream log)
    {
        if (gatewayId < 1)
        {
            throw new IllegalArgumentException("an HA gateway needs an engine id of at least 1: " + gatewayId);
        }
        this.gatewayId = gatewayId;
        this.channels = channels;
        this.clock = clock;
        this.log = log;
        connected = counters.counter(CounterDescriptor.HA_CONNECTED);
        sent = counters.counter(CounterDescriptor.HA_SENT);
        notSent = counters.counter(CounterDescriptor.HA_NOT_SENT);
        received = counters.counter(CounterDescriptor.HA_RECEIVED);
        receivedDropped = counters.counter(CounterDescriptor.HA_RECEIVED_DROPPED);
        leaderChanges = counters.counter(CounterDescriptor.HA_LEADER_CHANGES);
        leavesDropped = counters.counter(CounterDescriptor.HA_LEAVES_DROPPED);
        pingRttUs = counters.counter(CounterDescriptor.HA_PING_RTT_US);
        silentCloses = counters.counter(CounterDescriptor.HA_SILENT_CLOSES);
        connection = new ClusterConnection(aeron, ingressEndpoints, egressChannel, this)
            .closeWhenSilent(PING_INTERVAL_NS);
    }

    public String roleName()
    {
        return "ringside-ha-gateway";
    }

    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = connection.doWork(nowNs);
        if (connection.isConnected() && !opened && nowNs >= nextOpenNs)
        {
            nextOpenNs = nowNs + OPEN_RETRY_NS;
            openEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).gatewayId(gatewayId).instanceId(instanceId);
            connection.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + openEncoder.encodedLength());
            work++;
        }
        if (opened && heldLeaveCount > 0)
        {
            work += sendHeldLeaves();
        }
        if (!opened || 0 == heldLeaveCount)
        {
            // once open, held leaves go first: a player who left and asks again must not meet its old seat
            work += channels.readToCluster(toCluster, MESSAGES_PER_CYCLE);
        }
        if (connection.isConnected() && nowNs >= nextPingNs)
        {
            // an ingress message keeps the session open however quiet the players; the leader's answer shows the
            // cluster still hears it (the connection closes a session unanswered for too long)
            nextPingNs = nowNs + PING_INTERVAL_NS;
            pingEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).pingId(++pingId).sentNs(nowNs);
            connection.offer(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + pingEncoder.encodedLength());
            work++;
        }
        return work;
    }

    private ControlledMessageHandler.Action onToCluster(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (opened && connection.offer(buffer, index, length))
        {
            sent.incrementRelease();
            pushedBackSinceNs = 0;
            return ControlledMessageHandler.Action.CONTINUE;
        }
        if (opened && connection.isConnected())
        {
            // pushed back (a burst of joins, a slow leader): offered again, in order, for a while from the first
            final long nowNs = clock.nanoTime();
            if (0 == pushedBackSinceNs)
            {
                pushedBackSinceNs = nowNs;
            }
            if (nowNs - pushedBackSinceNs < BACK_PRESSURE_RETRY_NS)
            {
                return ControlledMessageHandler.Action.ABORT;
            }
        }
        // not open, or pushed back for longer than the retry: this one (and the next, until an offer goes through)
        // counts as not sent rather than queueing stale inputs behind it
        notSent.incrementRelease();
        giveUp(buffer, index, length);
        return ControlledMessageHandler.Action.CONTINUE;
    }

    private void giveUp(final MutableDirectBuffer buffer, final int index, final int length)
    {
        // a request must have an answer: the player is told now rather than after the logic's timeout; a leave is
        // held and sent once the gateway is open again, or the cluster would keep a seat nobody sits in
        headerDecoder.wrap(buffer, index);
        final int body = index + MessageHeaderDecoder.ENCODED_LENGTH;
        if (LeaveHaRoomDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            holdLeave(buffer, index, length);
            return;
        }
        if (CreateHaRoomDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            createDecoder.wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
            refuse(createDecoder.sessionId(), createDecoder.correlationId());
        }
        else if (JoinHaRoomDecoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            joinDecoder.wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
            refuse(joinDecoder.sessionId(), joinDecoder.correlationId());
        }
    }

    private void holdLeave(final DirectBuffer buffer, final int index, final int length)
    {
        if (heldLeaveCount == MAX_HELD_LEAVES)
        {
            leavesDropped.incrementRelease();
            return;
        }
        heldLeaves.putInt(heldLeavesLength, length);
        heldLeaves.putBytes(heldLeavesLength + Integer.BYTES, buffer, index, length);
        heldLeavesLength += Integer.BYTES + length;
        heldLeaveCount++;
    }

    private int sendHeldLeaves()
    {
        int at = 0;
        int sentCount = 0;
        while (sentCount < heldLeaveCount)
        {
            final int length = heldLeaves.getInt(at);
            if (!connection.offer(heldLeaves, at + Integer.BYTES, length))
            {
                break;
            }
            at += Integer.BYTES + length;
            sentCount++;
            sent.incrementRelease();
        }
        if (sentCount > 0)
        {
            heldLeaves.putBytes(0, heldLeaves, at, heldLeavesLength - at);
            heldLeavesLength -= at;
            heldLeaveCount -= sentCount;
        }
        return sentCount;
    }

    private void refuse(final long sessionId, final long correlationId)
    {
        refusedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId)
            .correlationId(correlationId).errorCode(ErrorCode.SERVER_BUSY.value())
            .text("the HA cluster is not reachable now; try again");
        hand(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + refusedEncoder.encodedLength());
    }

    private void hand(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= channels.maxMessageLength() && channels.receiveFromCluster(buffer, offset, length))
        {
            received.incrementRelease();
        }
        else
        {
            receivedDropped.incrementRelease();
        }
    }

    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            headerDecoder.wrap(buffer, offset);
            if (MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId() &&
                GatewayPongDecoder.TEMPLATE_ID == headerDecoder.templateId() &&
                length >= MessageHeaderDecoder.ENCODED_LENGTH + GatewayPongDecoder.BLOCK_LENGTH)
            {
                pongDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                    headerDecoder.version());
                pingRttUs.setRelease((clock.nanoTime() - pongDecoder.sentNs()) / 1000);
                return; // the agent's own business: nothing for the logic
            }
            if (MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId() &&
                GatewayOpenedDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                openedDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                    headerDecoder.version());
                onOpened(openedDecoder.code(), openedDecoder.membersKept());
            }
        }
        // everything goes to the logic, GatewayOpened included (it says whether the members were kept)
        hand(buffer, offset, length);
    }

    private void onOpened(final HaCode code, final int membersKept)
    {
        if (HaCode.OK == code)
        {
            opened = true;
            pushedBackSinceNs = 0;
            refusalPrinted = false;
            connected.setRelease(1);
            log.println("ha: gateway " + gatewayId + " open (" + membersKept + " players kept their seats)");
        }
        else if (!refusalPrinted)
        {
            refusalPrinted = true;
            log.println("ha: gateway " + gatewayId + " refused (" + code + "); trying again every second");
        }
    }

    public void onConnected(final long clusterSessionId, final int leaderMemberId)
    {
        opened = false;
        nextPingNs = 0;
        pushedBackSinceNs = 0;
        nextOpenNs = 0;
        log.println("ha: connected (cluster session " + clusterSessionId + ", leader member " + leaderMemberId + ")");
    }

    public void onDisconnected(final String why)
    {
        silentCloses.setRelease(connection.silentCloses());
        if (opened)
        {
            log.println("ha: lost the cluster (" + why + "); reconnecting (sent " + sent.get() + ", not sent " +
                notSent.get() + ")");
        }
        opened = false;
        connected.setRelease(0);
    }

    public void onError(final String detail)
    {
        log.println("ha: the cluster reports an error: " + detail);
    }

    public void onNewLeader(final int leaderMemberId)
    {
        leaderChanges.incrementRelease();
        log.println("ha: new leader, member " + leaderMemberId);
    }

    public void onClose()
    {
        connection.close();
        connected.setRelease(0);
    }
}
