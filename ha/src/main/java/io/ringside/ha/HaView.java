package io.ringside.ha;

import java.util.Map;

/**
 * What a member's service looked like at its last publication, for its HTTP endpoint: role, leadership, log
 * position, tables' sizes, the state hash of each recent tick and the counters. Immutable; published by the
 * service's thread, read by any.
 *
 * @param batchesInLog every gateway instance's input batches the log holds (replicated state).
 * @param roomInputs   player messages the open rooms have taken (replicated state).
 * @param hashTicks    recent ticks, oldest first.
 * @param hashValues the service's state hash after each of those ticks: equal on every member for the same tick.
 */
public record HaView(
    int memberId,
    String role,
    int leaderMemberId,
    long leadershipTermId,
    long logPosition,
    long tick,
    int rooms,
    int members,
    int gatewaysConnected,
    long batchesInLog,
    long roomInputs,
    long stateHash,
    long[] hashTicks,
    long[] hashValues,
    Map<String, Long> counters)
{
    static final HaView EMPTY = new HaView(-1, "STARTING", -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, new long[0], new long[0],
        Map.of());
}
