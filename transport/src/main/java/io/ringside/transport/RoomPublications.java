package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.exceptions.AeronException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;

/**
 * One stream per room that every member reads, at most one publication per media:
 * <ul>
 *     <li>IPC: one publication; members subscribe to it themselves, untethered, so one that stops reading falls
 *     behind alone: after {@link #UNTETHERED_WINDOW_LIMIT_TIMEOUT} at the end of the window it is left out (its image
 *     goes) and after {@link #UNTETHERED_RESTING_TIMEOUT} it rejoins at the live position, a gap it counts.</li>
 *     <li>UDP: one multi-destination publication in manual control mode; each UDP member is a destination, the
 *     endpoint of the response channel it connected with (which admission checked is its own source host: the
 *     engine never sends to an address that did not talk to it). The driver sends each datagram once per
 *     destination, from one publication.</li>
 * </ul>
 * A publication is opened with the room's first member on its media and closed with the last; publications and
 * destinations are added asynchronously so the egress thread never waits for the driver. Egress thread only.
 */
public final class RoomPublications implements AutoCloseable
{
    /**
     * How long an untethered IPC member may hold the room's publication at the end of its window before it is left
     * out. Short: the whole room waits for it meanwhile.
     */
    public static final String UNTETHERED_WINDOW_LIMIT_TIMEOUT = "100ms";

    /**
     * How long a member that was left out rests before it rejoins the room's stream at the live position.
     */
    public static final String UNTETHERED_RESTING_TIMEOUT = "1s";

    private final Aeron aeron;
    private final int termLength;
    private final ErrorHandler errorHandler;
    private final Long2ObjectHashMap<Room> rooms = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Member> members = new Long2ObjectHashMap<>();
    private final ArrayList<Stream> pending = new ArrayList<>();
    private final ArrayList<Stream> streamsWithPendingDestinations = new ArrayList<>();
    private long publicationsOpened;
    private long destinationsAdded;
    private long failures;
    private long partialOffers;

    private static final class Room
    {
        final long roomId;
        final int streamId;
        Stream ipc;
        Stream udp;
        int memberCount;

        Room(final long roomId, final int streamId)
        {
            this.roomId = roomId;
            this.streamId = streamId;
        }
    }

    private static final class Stream
    {
        final Room room;
        final long registrationId;
        final boolean udp;
        ExclusivePublication publication;
        boolean failed;
        int memberCount;
        /**
         * UDP: members per destination (clients may share a response endpoint, each on its own stream id), and the
         * destinations not yet asked of the driver because the publication is not made yet.
         */
        final Object2IntHashMap<String> membersByDestination = new Object2IntHashMap<>(0);
        final ArrayList<String> pendingDestinations = new ArrayList<>();

        Stream(final Room room, final long registrationId, final boolean udp)
        {
            this.room = room;
            this.registrationId = registrationId;
            this.udp = udp;
        }
    }

    private static final class Member
    {
        final long sessionId;
        final Room room;
        final Stream stream;
        /**
         * For a UDP member: its destination channel.
         */
        final String destination;

        Member(final long sessionId, final Room room, final Stream stream, final String destination)
        {
            this.sessionId = sessionId;
            this.room = room;
            this.stream = stream;
            this.destination = destination;
        }
    }

    /**
     * @param termLength term length of every room publication: its messages may be up to a term / 8 long.
     */
    public RoomPublications(final Aeron aeron, final int termLength, final ErrorHandler errorHandler)
    {
        this.aeron = aeron;
        this.termLength = termLength;
        this.errorHandler = errorHandler;
    }

    /**
     * @return the longest message a room publication carries.
     */
    public int maxMessageLength()
    {
        return termLength / 8;
    }

    /**
     * A session joins a room's stream on the media of the channel it gave at connect (again after a resume: the old
     * membership is replaced).
     *
     * @return false when the channel is neither IPC nor UDP with an endpoint (nothing was opened).
     */
    public boolean join(final long roomId, final int streamId, final long sessionId, final String clientChannel)
    {
        leave(sessionId);
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(clientChannel);
        }
        catch (final RuntimeException ex)
        {
            failures++;
            return false;
        }
        final boolean udp = CommonContext.UDP_MEDIA.equals(uri.media());
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        if (!(udp && null != endpoint && !endpoint.isEmpty()) && !CommonContext.IPC_MEDIA.equals(uri.media()))
        {
            failures++;
            return false;
        }

        Room room = rooms.get(roomId);
        if (null == room)
        {
            room = new Room(roomId, streamId);
            rooms.put(roomId, room);
        }
        Stream stream = udp ? room.udp : room.ipc;
        if (null == stream)
        {
            stream = open(room, udp);
        }
        final Member member = new Member(sessionId, room, stream,
            udp ? "aeron:udp?" + CommonContext.ENDPOINT_PARAM_NAME + "=" + endpoint : null);
        members.put(sessionId, member);
        room.memberCount++;
        stream.memberCount++;
        if (udp)
        {
            final int members = stream.membersByDestination.getValue(member.destination);
            stream.membersByDestination.put(member.destination, members + 1);
            if (0 == members)
            {
                addDestination(stream, member.destination);
            }
        }
        return true;
    }

    /**
     * A session leaves its room's stream (a leave, or its own stream closed); the stream closes with its last
     * member on that media.
     */
    public void leave(final long sessionId)
    {
        final Member member = members.remove(sessionId);
        if (null == member)
        {
            return;
        }
        final Stream stream = member.stream;
        if (null != member.destination)
        {
            final int members = stream.membersByDestination.getValue(member.destination) - 1;
            if (members > 0)
            {
                stream.membersByDestination.put(member.destination, members);
            }
            else
            {
                stream.membersByDestination.removeKey(member.destination);
                if (!stream.pendingDestinations.remove(member.destination) && null != stream.publication &&
                    !stream.publication.isClosed())
                {
                    stream.publication.asyncRemoveDestination(member.destination);
                }
            }
        }
        final Room room = member.room;
        room.memberCount--;
        if (--stream.memberCount == 0)
        {
            close(stream);
            if (stream.udp)
            {
                room.udp = null;
            }
            else
            {
                room.ipc = null;
            }
        }
        if (0 == room.memberCount)
        {
            rooms.remove(room.roomId);
        }
    }

    /**
     * Offer a message to every reader of the room's streams.
     *
     * @return as {@link Publication#offer}: non-negative when any stream took it, otherwise the IPC stream's
     * negative code (or the UDP stream's when the room has no IPC stream).
     */
    public long offer(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Room room = rooms.get(roomId);
        if (null == room)
        {
            return Publication.NOT_CONNECTED;
        }
        final long udpResult = offer(room.udp, buffer, offset, length);
        final long ipcResult = offer(room.ipc, buffer, offset, length);
        if (ipcResult >= 0 || udpResult >= 0)
        {
            if (Publication.BACK_PRESSURED == ipcResult || Publication.BACK_PRESSURED == udpResult)
            {
                // the readers on the other media see a jump in the room sequence, count it and wait for a keyframe
                partialOffers++;
            }
            return Math.max(ipcResult, udpResult);
        }
        return null != room.ipc ? ipcResult : udpResult;
    }

    private static long offer(final Stream stream, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == stream || stream.failed)
        {
            return null == stream ? Publication.NOT_CONNECTED : Publication.CLOSED;
        }
        final ExclusivePublication publication = stream.publication;
        return null == publication ? Publication.NOT_CONNECTED : publication.offer(buffer, offset, length);
    }

    /**
     * Complete the publications the driver has made and ask it for the destinations that wait for one.
     *
     * @return how many completed or failed.
     */
    public int doWork()
    {
        int work = 0;
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final Stream stream = pending.get(i);
            try
            {
                final ExclusivePublication publication = aeron.getExclusivePublication(stream.registrationId);
                if (null != publication)
                {
                    stream.publication = publication;
                    pending.remove(i);
                    publicationsOpened++;
                    work++;
                }
            }
            catch (final AeronException ex)
            {
                stream.failed = true;
                pending.remove(i);
                failures++;
                work++;
                errorHandler.onError(ex);
            }
        }
        for (int i = streamsWithPendingDestinations.size() - 1; i >= 0; i--)
        {
            final Stream stream = streamsWithPendingDestinations.get(i);
            if (stream.failed || null != stream.publication)
            {
                streamsWithPendingDestinations.remove(i);
                for (int d = 0, size = stream.pendingDestinations.size(); d < size && !stream.failed; d++)
                {
                    addDestination(stream, stream.pendingDestinations.get(d));
                    work++;
                }
                stream.pendingDestinations.clear();
            }
        }
        return work;
    }

    /**
     * Ask the driver for a destination now, or once the publication is made.
     */
    private void addDestination(final Stream stream, final String destination)
    {
        final ExclusivePublication publication = stream.publication;
        if (null == publication)
        {
            if (stream.pendingDestinations.isEmpty())
            {
                streamsWithPendingDestinations.add(stream);
            }
            stream.pendingDestinations.add(destination);
            return;
        }
        try
        {
            publication.asyncAddDestination(destination);
            destinationsAdded++;
        }
        catch (final AeronException ex)
        {
            failures++;
            errorHandler.onError(ex);
        }
    }

    private Stream open(final Room room, final boolean udp)
    {
        final String channel = udp ?
            "aeron:udp?" + CommonContext.MDC_CONTROL_MODE_PARAM_NAME + "=" + CommonContext.MDC_CONTROL_MODE_MANUAL +
            "|" + CommonContext.TERM_LENGTH_PARAM_NAME + "=" + termLength :
            "aeron:ipc?" + CommonContext.TERM_LENGTH_PARAM_NAME + "=" + termLength +
            "|" + CommonContext.UNTETHERED_WINDOW_LIMIT_TIMEOUT_PARAM_NAME + "=" + UNTETHERED_WINDOW_LIMIT_TIMEOUT +
            "|" + CommonContext.UNTETHERED_RESTING_TIMEOUT_PARAM_NAME + "=" + UNTETHERED_RESTING_TIMEOUT;
        final Stream stream = new Stream(room, aeron.asyncAddExclusivePublication(channel, room.streamId), udp);
        pending.add(stream);
        if (udp)
        {
            room.udp = stream;
        }
        else
        {
            room.ipc = stream;
        }
        return stream;
    }

    private void close(final Stream stream)
    {
        streamsWithPendingDestinations.remove(stream);
        if (null != stream.publication)
        {
            CloseHelper.close(errorHandler, stream.publication);
        }
        else if (!stream.failed)
        {
            pending.remove(stream);
            aeron.asyncRemovePublication(stream.registrationId);
        }
    }

    /**
     * @return rooms with at least one stream.
     */
    public int roomCount()
    {
        return rooms.size();
    }

    public long publicationsOpened()
    {
        return publicationsOpened;
    }

    public long destinationsAdded()
    {
        return destinationsAdded;
    }

    public long failures()
    {
        return failures;
    }

    /**
     * @return messages one media's room stream took while the other's was full: a loss its readers detect.
     */
    public long partialOffers()
    {
        return partialOffers;
    }

    public void close()
    {
        for (final Room room : rooms.values())
        {
            if (null != room.ipc)
            {
                close(room.ipc);
            }
            if (null != room.udp)
            {
                close(room.udp);
            }
        }
        rooms.clear();
        members.clear();
        pending.clear();
        streamsWithPendingDestinations.clear();
    }
}
