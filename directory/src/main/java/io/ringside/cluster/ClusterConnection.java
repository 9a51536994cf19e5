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
 * Leader changes are the cluster client's own business: it follows the new leader within the same session. Not
 * thread-safe: one thread calls {@link #doWork} and {@link #offer}.
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
        if (null != cluster)
        {
            if (cluster.isClosed() || closedByCluster)
            {
                closedByCluster = false;
                CloseHelper.quietClose(cluster);
                cluster = null;
                nextConnectNs = nowNs + RECONNECT_BACKOFF_NS;
                listener.onDisconnected("cluster session closed");
                return 1;
            }
            return cluster.pollEgress();
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
            final AeronCluster connected = connecting.poll();
            if (null != connected)
            {
                connecting = null;
                cluster = connected;
                connects++;
                listener.onConnected(connected.clusterSessionId(), connected.leaderMemberId());
            }
            return 1;
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

    public boolean isConnected()
    {
        return null != cluster && !cluster.isClosed() && !closedByCluster;
    }

    /**
     * Keep the session open while there is nothing to say.
     */
    public boolean sendKeepAlive()
    {
        return isConnected() && cluster.sendKeepAlive();
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
            listener.onNewLeader(leaderMemberId);
        }
    }
}
