package io.ringside.cluster;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;

/**
 * A cluster as one of its clients reaches it: an Aeron Cluster client session that connects by itself (and again,
 * after a pause, when the cluster closes it), sends what it is given and hands the egress to a {@link Listener}.
 * Leader changes are the cluster client's own business: it follows the new leader within the same session. A
 * session the cluster no longer knows is not always told: a cluster started again closes the sessions it restores
 * without a word to them, and the client would hear of it only when its driver gives up on the old leader's image
 * (10 s) and its own new-leader wait ends after that. An owner that makes the cluster answer at least every so often
 * (a ping, a report) says so with {@link #closeWhenSilent}, and a session silent for longer than twice the client's
 * new-leader timeout plus that interval is closed and opened again. Not thread-safe: one thread calls
 * {@link #doWork} and {@link #offer}.
 */
public final class ClusterConnection implements AutoCloseable
{
    /**
     * What the connection sees.
     */
    public interface Listener
    {
        void onConnected(long clusterSessionId, int leaderMemberId);

        void onDisconnected(String why);

        /**
         * A message of the service's, on the egress: valid only during the call.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);

        default void onNewLeader(final int leaderMemberId)
        {
        }

        /**
         * The cluster reported an error of a request (the session stays open).
         */
        default void onError(final String detail)
        {
        }
    }

    private static final long RECONNECT_BACKOFF_NS = 500_000_000L;

    private final AeronCluster.Context context;
    private final Listener listener;
    private AeronCluster.AsyncConnect connecting;
    private AeronCluster cluster;
    private long nextConnectNs;
    private boolean closedByCluster;
    private long messagesNotSent;
    private long connects;
    private long silentCloses;
    private long answerIntervalNs;
    private long silenceTimeoutNs;
    private long cycleNs;
    private long lastHeardNs;

    /**
     * @param aeron            the client's Aeron (not closed here).
     * @param ingressEndpoints every member's ingress {@code host:port}, comma separated, in member order.
     * @param egressChannel    where this client hears answers, e.g. {@code aeron:udp?endpoint=localhost:0}.
     */
    public ClusterConnection(final Aeron aeron, final String ingressEndpoints, final String egressChannel,
        final Listener listener)
    {
        this.listener = listener;
        context = new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .ingressChannel("aeron:udp")
            .ingressEndpoints(memberEndpoints(ingressEndpoints))
            .egressChannel(egressChannel)
            .idleStrategy(NoOpIdleStrategy.INSTANCE)
            .egressListener(new Egress());
    }

    /**
     * Close a session the cluster has said nothing on for longer than twice the client's new-leader timeout (which is
     * twice the cluster's leader heartbeat timeout, as the cluster told it at connect) plus {@code answerIntervalNs},
     * and connect again. Only for owners whose requests the cluster answers at least once per
     * {@code answerIntervalNs} while connected. A leader change is a heartbeat timeout and an election (3 to 5 s with
     * the default 2 s timeout on a loaded machine); the bound leaves it room to finish within the same session, as a
     * spurious close costs a new session (and whatever its owner does to open one).
     *
     * @param answerIntervalNs the longest the owner's protocol leaves between two answers of a live cluster.
     * @return this.
     */
    public ClusterConnection closeWhenSilent(final long answerIntervalNs)
    {
        if (answerIntervalNs <= 0)
        {
            throw new IllegalArgumentException("answer interval must be positive: " + answerIntervalNs);
        }
        this.answerIntervalNs = answerIntervalNs;
        return this;
    }

    /**
     * {@code host:port,host:port} to Aeron Cluster's {@code 0=host:port,1=host:port}.
     */
    public static String memberEndpoints(final String endpoints)
    {
        final String[] parts = endpoints.split(",");
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < parts.length; i++)
        {
            final String part = parts[i].trim();
            if (part.isEmpty() || part.indexOf(':') <= 0)
            {
                throw new IllegalArgumentException("a cluster member is host:port, not '" + part + "'");
            }
            members.append(i > 0 ? "," : "").append(i).append('=').append(part);
        }
        return members.toString();
    }

    /**
     * Connect when not connected, and hand the egress to the listener.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        cycleNs = nowNs;
        if (null != cluster)
        {
            if (cluster.isClosed() || closedByCluster)
            {
                closedByCluster = false;
                closeSession(nowNs, "cluster session closed");
                return 1;
            }
            // polled first: after a stall of this thread, what the cluster said meanwhile counts as heard
            final int work = cluster.pollEgress();
            if (silenceTimeoutNs > 0 && nowNs - lastHeardNs > silenceTimeoutNs)
            {
                silentCloses++;
                closeSession(nowNs, "nothing heard from the cluster for " + (nowNs - lastHeardNs) / 1_000_000 +
                    " ms; a cluster started again forgets its sessions");
                return 1;
            }
            return work;
        }
        if (null == connecting)
        {
            if (nowNs < nextConnectNs)
            {
                return 0;
            }
            try
            {
                connecting = AeronCluster.asyncConnect(context.clone());
            }
            catch (final RuntimeException ex)
            {
                nextConnectNs = nowNs + RECONNECT_BACKOFF_NS;
                listener.onDisconnected(String.valueOf(ex.getMessage()));
                return 1;
            }
        }
        try
        {
            final int stepBefore = connecting.step();
            final AeronCluster connected = connecting.poll();
            if (null != connected)
            {
                connecting = null;
                cluster = connected;
                connects++;
                lastHeardNs = nowNs;
                silenceTimeoutNs = answerIntervalNs > 0 ?
                    2 * connected.context().newLeaderTimeoutNs() + answerIntervalNs : 0;
                listener.onConnected(connected.clusterSessionId(), connected.leaderMemberId());
                return 1;
            }
            // work only when the connect moved on: waiting on a cluster with no leader (seconds, or for good) is
            // idle, so the owner's idle strategy sleeps instead of spinning a core
            return connecting.step() != stepBefore ? 1 : 0;
        }
        catch (final RuntimeException ex)
        {
            // no leader yet, a member down, or a timeout: try again after a pause
            CloseHelper.quietClose(connecting);
            connecting = null;
            nextConnectNs = nowNs + RECONNECT_BACKOFF_NS;
            listener.onDisconnected(String.valueOf(ex.getMessage()));
            return 1;
        }
    }

    private void closeSession(final long nowNs, final String why)
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
        nextConnectNs = nowNs + RECONNECT_BACKOFF_NS;
        listener.onDisconnected(why);
    }

    public boolean isConnected()
    {
        return null != cluster && !cluster.isClosed() && !closedByCluster;
    }

    /**
     * Send an encoded message, header included.
     *
     * @return whether the ingress took it; when not (not connected, back pressure, a leader change) it is counted in
     * {@link #messagesNotSent}.
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isConnected())
        {
            messagesNotSent++;
            return false;
        }
        if (cluster.offer(buffer, offset, length) < 0)
        {
            messagesNotSent++;
            return false;
        }
        return true;
    }

    /**
     * @return messages not sent: not connected, or the ingress publication refused them (back pressure, a leader
     * change).
     */
    public long messagesNotSent()
    {
        return messagesNotSent;
    }

    /**
     * @return sessions closed here because the cluster was silent for too long ({@link #closeWhenSilent}).
     */
    public long silentCloses()
    {
        return silentCloses;
    }

    /**
     * @return sessions opened with the cluster.
     */
    public long connects()
    {
        return connects;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(connecting, cluster);
        connecting = null;
        cluster = null;
    }

    private final class Egress implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            lastHeardNs = cycleNs;
            listener.onMessage(buffer, offset, length);
        }

        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            lastHeardNs = cycleNs;
            // an event of an earlier session (its egress may be this one's) is not this session's end; an ERROR
            // leaves the session open (the client closes itself when it is not)
            if (EventCode.CLOSED == code && null != cluster && clusterSessionId == cluster.clusterSessionId())
            {
                closedByCluster = true; // the next duty cycle closes this client and connects again
                listener.onDisconnected(code + " of session " + clusterSessionId + ": " + detail);
            }
            else if (EventCode.ERROR == code)
            {
                listener.onError("session " + clusterSessionId + ": " + detail);
            }
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            lastHeardNs = cycleNs;
            listener.onNewLeader(leaderMemberId);
        }
    }
}
