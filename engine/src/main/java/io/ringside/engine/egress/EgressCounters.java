package io.ringside.engine.egress;

/**
 * What egress has done, counted. Written by the egress thread only.
 */
public final class EgressCounters
{
    long snapshotsSent;
    long snapshotsSkipped;
    long snapshotsSkippedForQueue;
    long fullSnapshots;
    long deltaSnapshots;
    long entitiesSent;
    long entitiesOutOfView;
    long reliableSent;
    long reliableQueued;
    long reliableDiscarded;
    long slowConsumerDisconnects;
    long clientsLost;
    long sendsToUnknownSessions;
    long bytesSent;
    long notConnected;
    long backPressured;
    long adminActions;
    long closed;
    long maxPositionExceeded;
    long sessionLostRequestsDeferred;

    public long snapshotsSent()
    {
        return snapshotsSent;
    }

    public long snapshotsSkipped()
    {
        return snapshotsSkipped;
    }

    public long snapshotsSkippedForQueue()
    {
        return snapshotsSkippedForQueue;
    }

    public long fullSnapshots()
    {
        return fullSnapshots;
    }

    public long deltaSnapshots()
    {
        return deltaSnapshots;
    }

    public long entitiesSent()
    {
        return entitiesSent;
    }

    public long entitiesOutOfView()
    {
        return entitiesOutOfView;
    }

    public long reliableSent()
    {
        return reliableSent;
    }

    public long reliableQueued()
    {
        return reliableQueued;
    }

    public long reliableDiscarded()
    {
        return reliableDiscarded;
    }

    public long slowConsumerDisconnects()
    {
        return slowConsumerDisconnects;
    }

    public long clientsLost()
    {
        return clientsLost;
    }

    public long sendsToUnknownSessions()
    {
        return sendsToUnknownSessions;
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    public long notConnected()
    {
        return notConnected;
    }

    public long backPressured()
    {
        return backPressured;
    }

    public long adminActions()
    {
        return adminActions;
    }

    public long closed()
    {
        return closed;
    }

    public long maxPositionExceeded()
    {
        return maxPositionExceeded;
    }

    public long sessionLostRequestsDeferred()
    {
        return sessionLostRequestsDeferred;
    }
}
