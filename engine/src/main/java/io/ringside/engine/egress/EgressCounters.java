package io.ringside.engine.egress;

import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What egress has done, counted. Each is an {@link AtomicCounter} of {@link EngineCounters} (an Aeron counter when
 * the engine runs on Aeron), written by one egress thread only (each egress shard has its own copies) with ordered
 * stores; the accessors read the sum over shards from any thread, also after the engine closed.
 */
public final class EgressCounters
{
    private final EngineCounters counters;
    final AtomicCounter snapshotsSent;
    final AtomicCounter snapshotsSkipped;
    final AtomicCounter snapshotsSkippedForQueue;
    final AtomicCounter fullSnapshots;
    final AtomicCounter deltaSnapshots;
    final AtomicCounter entitiesSent;
    final AtomicCounter entitiesOutOfView;
    final AtomicCounter reliableSent;
    final AtomicCounter reliableQueued;
    final AtomicCounter reliableDiscarded;
    final AtomicCounter slowConsumerDisconnects;
    final AtomicCounter clientsLost;
    final AtomicCounter sendsToUnknownSessions;
    final AtomicCounter bytesSent;
    final AtomicCounter notConnected;
    final AtomicCounter backPressured;
    final AtomicCounter adminActions;
    final AtomicCounter closed;
    final AtomicCounter maxPositionExceeded;
    final AtomicCounter sessionLostRequestsDeferred;
    final AtomicCounter roomSnapshotsSent;
    final AtomicCounter roomSnapshotsSkipped;
    final AtomicCounter roomKeyframes;
    final AtomicCounter roomEntitiesLeftOut;
    final AtomicCounter roomStreamBytesSent;

    public EgressCounters(final EngineCounters counters)
    {
        this(counters, 0);
    }

    /**
     * @param shard the egress shard whose thread writes these (its own copies); the accessors read every shard's sum.
     */
    public EgressCounters(final EngineCounters counters, final int shard)
    {
        this.counters = counters;
        snapshotsSent = counters.counter(CounterDescriptor.SNAPSHOTS_SENT, shard);
        snapshotsSkipped = counters.counter(CounterDescriptor.SNAPSHOTS_SKIPPED, shard);
        snapshotsSkippedForQueue = counters.counter(CounterDescriptor.SNAPSHOTS_SKIPPED_FOR_QUEUE, shard);
        fullSnapshots = counters.counter(CounterDescriptor.FULL_SNAPSHOTS, shard);
        deltaSnapshots = counters.counter(CounterDescriptor.DELTA_SNAPSHOTS, shard);
        entitiesSent = counters.counter(CounterDescriptor.ENTITIES_SENT, shard);
        entitiesOutOfView = counters.counter(CounterDescriptor.ENTITIES_OUT_OF_VIEW, shard);
        reliableSent = counters.counter(CounterDescriptor.RELIABLE_MESSAGES_SENT, shard);
        reliableQueued = counters.counter(CounterDescriptor.RELIABLE_MESSAGES_QUEUED, shard);
        reliableDiscarded = counters.counter(CounterDescriptor.RELIABLE_MESSAGES_DISCARDED, shard);
        slowConsumerDisconnects = counters.counter(CounterDescriptor.SLOW_CONSUMER_DISCONNECTS, shard);
        clientsLost = counters.counter(CounterDescriptor.CLIENTS_LOST, shard);
        sendsToUnknownSessions = counters.counter(CounterDescriptor.SENDS_TO_UNKNOWN_SESSIONS, shard);
        bytesSent = counters.counter(CounterDescriptor.EGRESS_BYTES_SENT, shard);
        notConnected = counters.counter(CounterDescriptor.EGRESS_NOT_CONNECTED, shard);
        backPressured = counters.counter(CounterDescriptor.EGRESS_BACK_PRESSURED, shard);
        adminActions = counters.counter(CounterDescriptor.EGRESS_ADMIN_ACTIONS, shard);
        closed = counters.counter(CounterDescriptor.EGRESS_CLOSED, shard);
        maxPositionExceeded = counters.counter(CounterDescriptor.EGRESS_MAX_POSITION_EXCEEDED, shard);
        sessionLostRequestsDeferred = counters.counter(CounterDescriptor.PRODUCER_COMMANDS_DEFERRED, shard);
        roomSnapshotsSent = counters.counter(CounterDescriptor.ROOM_SNAPSHOTS_SENT, shard);
        roomSnapshotsSkipped = counters.counter(CounterDescriptor.ROOM_SNAPSHOTS_SKIPPED, shard);
        roomKeyframes = counters.counter(CounterDescriptor.ROOM_KEYFRAMES, shard);
        roomEntitiesLeftOut = counters.counter(CounterDescriptor.ROOM_ENTITIES_LEFT_OUT, shard);
        roomStreamBytesSent = counters.counter(CounterDescriptor.ROOM_STREAM_BYTES_SENT, shard);
    }

    /**
     * @return RoomSnapshots taken by room streams.
     */
    public long roomSnapshotsSent()
    {
        return counters.value(CounterDescriptor.ROOM_SNAPSHOTS_SENT);
    }

    /**
     * @return room ticks a room stream did not take.
     */
    public long roomSnapshotsSkipped()
    {
        return counters.value(CounterDescriptor.ROOM_SNAPSHOTS_SKIPPED);
    }

    /**
     * @return FULL RoomSnapshots sent.
     */
    public long roomKeyframes()
    {
        return counters.value(CounterDescriptor.ROOM_KEYFRAMES);
    }

    /**
     * @return snapshots delivered.
     */
    public long snapshotsSent()
    {
        return counters.value(CounterDescriptor.SNAPSHOTS_SENT);
    }

    /**
     * @return snapshots skipped (declared in the next one).
     */
    public long snapshotsSkipped()
    {
        return counters.value(CounterDescriptor.SNAPSHOTS_SKIPPED);
    }

    /**
     * @return snapshots skipped behind queued reliable messages.
     */
    public long snapshotsSkippedForQueue()
    {
        return counters.value(CounterDescriptor.SNAPSHOTS_SKIPPED_FOR_QUEUE);
    }

    /**
     * @return fULL snapshots delivered.
     */
    public long fullSnapshots()
    {
        return counters.value(CounterDescriptor.FULL_SNAPSHOTS);
    }

    /**
     * @return dELTA snapshots delivered.
     */
    public long deltaSnapshots()
    {
        return counters.value(CounterDescriptor.DELTA_SNAPSHOTS);
    }

    /**
     * @return entities carried by delivered snapshots.
     */
    public long entitiesSent()
    {
        return counters.value(CounterDescriptor.ENTITIES_SENT);
    }

    /**
     * @return entities left out of snapshots by interest management.
     */
    public long entitiesOutOfView()
    {
        return counters.value(CounterDescriptor.ENTITIES_OUT_OF_VIEW);
    }

    /**
     * @return reliable messages delivered.
     */
    public long reliableSent()
    {
        return counters.value(CounterDescriptor.RELIABLE_MESSAGES_SENT);
    }

    /**
     * @return reliable messages that waited in a client's queue.
     */
    public long reliableQueued()
    {
        return counters.value(CounterDescriptor.RELIABLE_MESSAGES_QUEUED);
    }

    /**
     * @return reliable messages for clients already gone.
     */
    public long reliableDiscarded()
    {
        return counters.value(CounterDescriptor.RELIABLE_MESSAGES_DISCARDED);
    }

    /**
     * @return clients let go as slow consumers.
     */
    public long slowConsumerDisconnects()
    {
        return counters.value(CounterDescriptor.SLOW_CONSUMER_DISCONNECTS);
    }

    /**
     * @return client streams egress lost.
     */
    public long clientsLost()
    {
        return counters.value(CounterDescriptor.CLIENTS_LOST);
    }

    /**
     * @return messages for sessions egress does not know.
     */
    public long sendsToUnknownSessions()
    {
        return counters.value(CounterDescriptor.SENDS_TO_UNKNOWN_SESSIONS);
    }

    /**
     * @return bytes offered to clients' streams.
     */
    public long bytesSent()
    {
        return counters.value(CounterDescriptor.EGRESS_BYTES_SENT);
    }

    /**
     * @return offers to streams not connected yet.
     */
    public long notConnected()
    {
        return counters.value(CounterDescriptor.EGRESS_NOT_CONNECTED);
    }

    /**
     * @return offers the transport pushed back.
     */
    public long backPressured()
    {
        return counters.value(CounterDescriptor.EGRESS_BACK_PRESSURED);
    }

    /**
     * @return offers retried for an admin action.
     */
    public long adminActions()
    {
        return counters.value(CounterDescriptor.EGRESS_ADMIN_ACTIONS);
    }

    /**
     * @return offers to closed streams.
     */
    public long closed()
    {
        return counters.value(CounterDescriptor.EGRESS_CLOSED);
    }

    /**
     * @return offers past a stream's maximum position.
     */
    public long maxPositionExceeded()
    {
        return counters.value(CounterDescriptor.EGRESS_MAX_POSITION_EXCEEDED);
    }

    /**
     * @return back-channel commands that waited for room in the queue.
     */
    public long sessionLostRequestsDeferred()
    {
        return counters.value(CounterDescriptor.PRODUCER_COMMANDS_DEFERRED);
    }
}
