package io.ringside.ha;

/**
 * A gateway engine as the service knows it: the instance that opened it, its cluster session while it has one, and
 * the last batch of inputs the log holds from it. The service's thread only.
 */
final class HaGateway
{
    final int gatewayId;
    long instanceId;
    long clusterSessionId = -1;
    long goneSinceMs;
    long lastBatchSequence;
    long batchesInLog;

    HaGateway(final int gatewayId)
    {
        this.gatewayId = gatewayId;
    }

    boolean isConnected()
    {
        return -1 != clusterSessionId;
    }
}
