package io.ringside.engine.ring;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.ErrorCode;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Rooms created from outside the protocol (the HTTP API), on their way into the ring and their answers back. The
 * HTTP thread {@link #submit}s; the ingress agent {@link #drain}s each request into the ring as a
 * {@link EventType#ROOM_REQUEST} (so the journal records it and replay makes the same room); the logic thread
 * {@link #complete}s it, which the HTTP thread is waiting on. Ingress takes them once per duty cycle, so a request
 * waits at most one tick batch (50 ms at 60 Hz with no client) for the ring. A request the ring never takes (the
 * engine stops) is failed by whoever waits, at its deadline. Any thread may submit; one thread drains; one thread completes.
 */
public final class RoomRequests
{
    /**
     * Requests waiting for the ring at most; more are answered SERVER_BUSY at once.
     */
    public static final int CAPACITY = 64;

    /**
     * A room to create.
     *
     * @param requestId   unique among requests, carried through the ring as the event's correlation id.
     * @param game        the game's registered name, at most 32 bytes.
     * @param options     options for its {@code onCreate}, at most 256 bytes.
     * @param privateRoom whether it is joined by code only.
     * @param playerId    the authenticated caller, 0 when authentication is off.
     */
    public record Request(long requestId, String game, String options, boolean privateRoom, long playerId)
    {
    }

    /**
     * What became of a request.
     *
     * @param code     OK, or why no room was made.
     * @param roomId   the room, 0 when refused.
     * @param joinCode a private room's code, empty otherwise.
     * @param text     why, when refused.
     */
    public record Result(ErrorCode code, long roomId, String joinCode, String text)
    {
    }

    private final ManyToOneConcurrentArrayQueue<Request> pending = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final Map<Long, CompletableFuture<Result>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);

    /**
     * @return the answer to come; already complete when the request is refused before the ring (too long, too many
     * waiting).
     */
    public CompletableFuture<Result> submit(
        final String game, final String options, final boolean privateRoom, final long playerId)
    {
        if (game.length() > ProtocolLimits.MAX_GAME_TYPE_LENGTH || options.length() > ProtocolLimits.MAX_ROOM_TEXT_LENGTH ||
            !isPrintableAscii(game) || !isPrintableAscii(options))
        {
            return CompletableFuture.completedFuture(new Result(ErrorCode.INVALID_INPUT, 0, "",
                "game name (at most " + ProtocolLimits.MAX_GAME_TYPE_LENGTH + ") or options (at most " +
                ProtocolLimits.MAX_ROOM_TEXT_LENGTH + ") too long, or not printable ASCII"));
        }
        final long requestId = nextRequestId.getAndIncrement();
        final CompletableFuture<Result> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        if (!pending.offer(new Request(requestId, game, options, privateRoom, playerId)))
        {
            waiting.remove(requestId);
            answer.complete(new Result(ErrorCode.SERVER_BUSY, 0, "", "too many room requests waiting"));
        }
        return answer;
    }

    /**
     * Ingress thread: a request the ring could not take, or that could not be encoded, answered at once.
     */
    public void refuse(final Request request, final ErrorCode code, final String text)
    {
        complete(request.requestId(), code, 0, null, text);
    }

    /**
     * Forget a request its caller no longer waits for (it timed out); a late answer is then dropped.
     */
    public void abandon(final CompletableFuture<Result> answer)
    {
        waiting.values().remove(answer);
    }

    /**
     * Ingress thread: hand waiting requests to the ring, at most {@code limit}.
     *
     * @return how many.
     */
    public int drain(final Consumer<Request> toRing, final int limit)
    {
        return pending.drain(toRing, limit);
    }

    private static boolean isPrintableAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Logic thread: the answer to a request. During recovery, requests of an earlier run are answered to nobody.
     */
    public void complete(
        final long requestId, final ErrorCode code, final long roomId, final String joinCode, final String text)
    {
        final CompletableFuture<Result> answer = waiting.remove(requestId);
        if (null != answer)
        {
            answer.complete(new Result(code, roomId, null == joinCode ? "" : joinCode, text));
        }
    }
}
