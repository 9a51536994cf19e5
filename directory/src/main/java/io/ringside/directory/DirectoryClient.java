package io.ringside.directory;

import io.aeron.Aeron;
import io.ringside.cluster.ClusterConnection;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.EngineTableDecoder;
import io.ringside.codec.directory.MessageHeaderDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import io.ringside.codec.directory.PlaceRoomEncoder;
import io.ringside.codec.directory.PlacementDecoder;
import io.ringside.codec.directory.RegisterEngineEncoder;
import io.ringside.codec.directory.RegisterResultDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

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

    private final ClusterConnection connection;
    private final Listener listener;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RegisterResultDecoder registerResultDecoder = new RegisterResultDecoder();
    private final EngineTableDecoder engineTableDecoder = new EngineTableDecoder();
    private final PlacementDecoder placementDecoder = new PlacementDecoder();
    private final RegisterEngineEncoder registerEncoder = new RegisterEngineEncoder();
    private final PlaceRoomEncoder placeEncoder = new PlaceRoomEncoder();
    private final ExpandableArrayBuffer sendBuffer = new ExpandableArrayBuffer(1024);

    /**
     * @param aeron            the engine's Aeron client (not closed here).
     * @param ingressEndpoints every member's ingress {@code host:port}, comma separated, in member order.
     * @param egressChannel    where this engine hears answers, e.g. {@code aeron:udp?endpoint=localhost:0}.
     */
    public DirectoryClient(final Aeron aeron, final String ingressEndpoints, final String egressChannel,
        final Listener listener)
    {
        this.listener = listener;
        connection = new ClusterConnection(aeron, ingressEndpoints, egressChannel, new Egress());
    }

    /**
     * Connect when not connected, and hand answers to the listener.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        return connection.doWork(nowNs);
    }

    public boolean isConnected()
    {
        return connection.isConnected();
    }

    /**
     * Close and reopen a session the directory has not answered on for longer than a leader change takes plus
     * {@code answerIntervalNs} (see {@link ClusterConnection#closeWhenSilent}): the owner sends a request answered at
     * least that often (a register, a report).
     *
     * @return this.
     */
    public DirectoryClient closeWhenSilent(final long answerIntervalNs)
    {
        connection.closeWhenSilent(answerIntervalNs);
        return this;
    }

    /**
     * @return sessions closed because the directory was silent for too long.
     */
    public long silentCloses()
    {
        return connection.silentCloses();
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
        return connection.offer(buffer, offset, length);
    }

    /**
     * @return messages not sent: not connected, or the ingress publication refused them (back pressure, a leader
     * change).
     */
    public long messagesNotSent()
    {
        return connection.messagesNotSent();
    }

    /**
     * @return sessions opened with the cluster.
     */
    public long connects()
    {
        return connection.connects();
    }

    public void close()
    {
        connection.close();
    }

    private final class Egress implements ClusterConnection.Listener
    {
        public void onConnected(final long clusterSessionId, final int leaderMemberId)
        {
            listener.onConnected(clusterSessionId, leaderMemberId);
        }

        public void onDisconnected(final String why)
        {
            listener.onDisconnected(why);
        }

        public void onNewLeader(final int leaderMemberId)
        {
            listener.onNewLeader(leaderMemberId);
        }

        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
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
    }
}
