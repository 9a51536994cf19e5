package io.ringside.directory;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.EngineTableDecoder;
import io.ringside.codec.directory.MessageHeaderDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import io.ringside.codec.directory.PlaceRoomEncoder;
import io.ringside.codec.directory.PlacementDecoder;
import io.ringside.codec.directory.RegisterEngineEncoder;
import io.ringside.codec.directory.RegisterResultDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;

/**
 * The directory as an engine reaches it: an Aeron Cluster client session that connects by itself (and again after
 * the cluster closes it), requests encoded here, answers decoded and handed to a {@link Listener}. Leader changes
 * are the cluster client's own business: it follows the new leader. Not thread-safe: one thread calls
 * {@link #doWork} and the send methods (the engine's directory agent).
 */
public final class DirectoryClient implements AutoCloseable
{
    /**
     * What the directory answers.
     */
    public interface Listener
    {
        void onConnected(long clusterSessionId, int leaderMemberId);

        void onDisconnected(String why);

        void onRegisterResult(long correlationId, DirectoryCode code, int leaderMemberId);

        void onEngineTable(EngineTableDecoder table);

        void onPlacement(long correlationId, DirectoryCode code, int engineId);

        default void onNewLeader(final int leaderMemberId)
        {
        }

        /**
         * A message on the egress that is not one of the directory's answers (short, another schema, a template
         * this client does not know): passed over.
         */
        default void onUnreadableAnswer()
        {
        }
    }

    private static final long RECONNECT_BACKOFF_NS = 500_000_000L;

    private final AeronCluster.Context context;
    private final Listener listener;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RegisterResultDecoder registerResultDecoder = new RegisterResultDecoder();
    private final EngineTableDecoder engineTableDecoder = new EngineTableDecoder();
    private final PlacementDecoder placementDecoder = new PlacementDecoder();
    private final RegisterEngineEncoder registerEncoder = new RegisterEngineEncoder();
    private final PlaceRoomEncoder placeEncoder = new PlaceRoomEncoder();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(1024);
    private AeronCluster.AsyncConnect connecting;
    private AeronCluster cluster;
    private long nextConnectNs;
    private long messagesNotSent;
    private long connects;

    /**
     * @param aeron            the engine's Aeron client (not closed here).
     * @param ingressEndpoints every member's ingress {@code host:port}, comma separated, in member order.
     * @param egressChannel    where this engine hears answers, e.g. {@code aeron:udp?endpoint=localhost:0}.
     */
    public DirectoryClient(final Aeron aeron, final String ingressEndpoints, final String egressChannel,
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
    static String memberEndpoints(final String endpoints)
    {
        final String[] parts = endpoints.split(",");
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < parts.length; i++)
        {
            final String part = parts[i].trim();
            if (part.isEmpty() || part.indexOf(':') <= 0)
            {
                throw new IllegalArgumentException("a directory member is host:port, not '" + part + "'");
            }
            members.append(i > 0 ? "," : "").append(i).append('=').append(part);
        }
        return members.toString();
    }

    /**
     * Connect when not connected, and hand answers to the listener.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        if (null != cluster)
        {
            if (cluster.isClosed())
            {
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
        return null != cluster && !cluster.isClosed();
    }

    /**
     * Keep the session open while there is nothing to say.
     */
    public boolean sendKeepAlive()
    {
        return isConnected() && cluster.sendKeepAlive();
    }

    public boolean register(
        final long correlationId,
        final int engineId,
        final long instanceId,
        final int capacityPlayers,
        final String aeronEndpoint,
        final String webSocketUrl,
        final String httpUrl)
    {
        registerEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId).engineId(engineId).instanceId(instanceId).capacityPlayers(capacityPlayers)
            .aeronEndpoint(aeronEndpoint).webSocketUrl(webSocketUrl).httpUrl(httpUrl);
        return send(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + registerEncoder.encodedLength());
    }

    public boolean placeRoom(final long correlationId, final int engineId, final int seats, final String game)
    {
        placeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId).engineId(engineId).seats(seats).game(game);
        return send(sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + placeEncoder.encodedLength());
    }

    /**
     * Send an encoded message (an EngineReport the caller built, header included).
     */
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isConnected())
        {
            messagesNotSent++;
            return false;
        }
        final long result = cluster.offer(buffer, offset, length);
        if (result < 0)
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
            if (length < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                listener.onUnreadableAnswer();
                return;
            }
            headerDecoder.wrap(buffer, offset);
            if (MessageHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
            {
                listener.onUnreadableAnswer();
                return;
            }
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (headerDecoder.templateId())
            {
                case RegisterResultDecoder.TEMPLATE_ID:
                {
                    final RegisterResultDecoder d = registerResultDecoder.wrap(
                        buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                    listener.onRegisterResult(d.correlationId(), d.code(), d.leaderMemberId());
                    break;
                }
                case EngineTableDecoder.TEMPLATE_ID:
                    listener.onEngineTable(engineTableDecoder.wrap(
                        buffer, body, headerDecoder.blockLength(), headerDecoder.version()));
                    break;

                case PlacementDecoder.TEMPLATE_ID:
                {
                    final PlacementDecoder d = placementDecoder.wrap(
                        buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                    listener.onPlacement(d.correlationId(), d.code(), d.engineId());
                    break;
                }
                default:
                    listener.onUnreadableAnswer();
                    break;
            }
        }

        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            if (EventCode.CLOSED == code || EventCode.ERROR == code)
            {
                listener.onDisconnected(code + ": " + detail);
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
