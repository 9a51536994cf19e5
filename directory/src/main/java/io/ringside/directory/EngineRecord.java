package io.ringside.directory;

import io.ringside.codec.directory.EngineReportDecoder;
import io.ringside.codec.directory.EngineState;
import io.ringside.codec.directory.MessageHeaderDecoder;
import org.agrona.ExpandableArrayBuffer;

/**
 * What the directory knows of one engine: as registered, and its last report kept as the bytes it came in (its rooms
 * are read from them when asked, so a report costs one copy). Owned by the clustered service's thread.
 */
final class EngineRecord
{
    final int engineId;
    long instanceId;
    long clusterSessionId;
    EngineState state = EngineState.ALIVE;
    int capacityPlayers;
    /**
     * Rooms placed on it, and their seats, that its reports have not shown made yet (see {@code DirectoryState}).
     */
    int reservedSeats;
    int reservedRooms;
    long lastPlacementMs;
    long registeredAtMs;
    long lastReportMs;
    long reports;
    String aeronEndpoint = "";
    String webSocketUrl = "";
    String httpUrl = "";
    final ExpandableArrayBuffer lastReport = new ExpandableArrayBuffer(256);
    int lastReportLength;
    /**
     * From the last report, or 0 without one.
     */
    int players;
    int sessions;
    int rooms;
    long roomsCreated;

    EngineRecord(final int engineId)
    {
        this.engineId = engineId;
    }

    boolean isAlive()
    {
        return EngineState.ALIVE == state;
    }

    /**
     * @return players it can still take: capacity less players and seats placed since its last report.
     */
    int headroom()
    {
        return capacityPlayers - players - reservedSeats;
    }

    /**
     * Forget the last report (registered again, or gone): no rooms until it reports.
     */
    void clearReport()
    {
        lastReportLength = 0;
        players = 0;
        sessions = 0;
        rooms = 0;
        roomsCreated = 0;
        reservedSeats = 0;
        reservedRooms = 0;
    }

    /**
     * Rooms made since the last report take their reservations with them, oldest first; a reservation older than
     * {@code ttlMs} (a placed room whose creator never came) goes too.
     */
    void settleReservations(final long arrivedRooms, final long nowMs, final long ttlMs)
    {
        if (arrivedRooms >= reservedRooms || nowMs - lastPlacementMs > ttlMs)
        {
            reservedRooms = 0;
            reservedSeats = 0;
        }
        else if (arrivedRooms > 0)
        {
            reservedSeats -= (int)(reservedSeats * arrivedRooms / reservedRooms);
            reservedRooms -= (int)arrivedRooms;
        }
    }

    /**
     * Wrap the decoder on the last report, or return null when there is none.
     */
    EngineReportDecoder wrapReport(final MessageHeaderDecoder header, final EngineReportDecoder report)
    {
        if (0 == lastReportLength)
        {
            return null;
        }
        header.wrap(lastReport, 0);
        return report.wrap(lastReport, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }
}
