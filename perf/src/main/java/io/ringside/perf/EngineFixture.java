package io.ringside.perf;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * One arena room of {@code players} seats, filled, driven through the logic handler by hand. Builds the events a
 * producer would publish: connects, joins, inputs (one pre-encoded per player) and ticks.
 */
final class EngineFixture
{
    static final long TICK_NS = 16_666_667L;
    private static final int INPUT_SEQUENCE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + InputDecoder.inputSequenceEncodingOffset();

    final int players;
    final GameRegistry games;
    final OutputLog log;
    final GameLogicHandler logic;
    final EngineEvent[] inputs;
    final long[] inputSequences;
    final EngineEvent tickEvent = new EngineEvent();
    long sequence;
    long tick;
    private com.lmax.disruptor.EventHandler<EngineEvent> downstream;

    EngineFixture(final int players, final int outputLogCapacityBytes)
    {
        this(players, outputLogCapacityBytes, 0);
    }

    /**
     * @param roomStreamMaxSeats rooms with at most this many seats are broadcast on a room stream (0: none).
     */
    EngineFixture(final int players, final int outputLogCapacityBytes, final int roomStreamMaxSeats)
    {
        this(players, outputLogCapacityBytes, roomStreamMaxSeats, false);
    }

    /**
     * @param declaredState whether the arena declares its state (typed, quantized fields) instead of the fixed entity.
     */
    EngineFixture(final int players, final int outputLogCapacityBytes, final int roomStreamMaxSeats,
        final boolean declaredState)
    {
        this.players = players;
        games = new GameRegistry()
            .register(new ArenaGame(new ArenaSettings().maxPlayers(players).declaredState(declaredState)));
        final LogicContext settings = new LogicContext(TICK_NS, Long.MAX_VALUE / 2, 1800, 600, 0, players + 10, 1 << 20)
            .roomStreamMaxSeats(roomStreamMaxSeats);
        log = new OutputLog(outputLogCapacityBytes);
        inputs = new EngineEvent[players];
        inputSequences = new long[players];
        logic = new GameLogicHandler(games, settings);
        logic.output(new OutputWriter(log, new BusySpinIdleStrategy(), logic));
    }

    /**
     * Run a stage after the logic handler for every event (egress), as the ring would.
     */
    EngineFixture downstream(final com.lmax.disruptor.EventHandler<EngineEvent> downstream)
    {
        this.downstream = downstream;
        return this;
    }

    /**
     * Connect and seat every player, give each an input, and run two seconds of ticks.
     */
    EngineFixture fill()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final EngineEvent event = new EngineEvent();
        final SplittableRandom random = new SplittableRandom(17);

        for (int p = 0; p < players; p++)
        {
            final long sessionId = 1 + p;
            final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, header);
            connect.correlationId(p).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(p)
                .responseChannel("aeron:ipc").playerName("p").putCredentials(new byte[0], 0, 0);
            publish(event, ConnectEncoder.TEMPLATE_ID, sessionId, p + 1, buffer,
                MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());

            final JoinRoomEncoder join = new JoinRoomEncoder().wrapAndApplyHeader(buffer, 0, header);
            join.correlationId(p).sessionId(sessionId).roomId(0).gameType(ArenaSettings.NAME);
            publish(event, JoinRoomEncoder.TEMPLATE_ID, sessionId, 0, buffer,
                MessageHeaderEncoder.ENCODED_LENGTH + join.encodedLength());

            final EngineEvent input = new EngineEvent();
            final InputEncoder encoder = new InputEncoder().wrapAndApplyHeader(input.payload, 0, header);
            encoder.sessionId(sessionId).inputSequence(0).clientTimestampNs(0).lastServerSequence(0)
                .thrust((float)random.nextDouble(0.2, 1.0)).turn((float)random.nextDouble(-0.5, 0.5))
                .fire(random.nextInt(4) == 0 ? BooleanType.TRUE : BooleanType.FALSE);
            input.type = EventType.CLIENT_MESSAGE;
            input.templateId = InputEncoder.TEMPLATE_ID;
            input.sessionId = sessionId;
            input.payloadLength = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
            inputs[p] = input;
        }
        tickEvent.type = EventType.TICK;

        for (int p = 0; p < players; p++)
        {
            input(p);
        }
        for (int t = 0; t < 120; t++)
        {
            tick();
        }
        return this;
    }

    private void dispatch(final EngineEvent event)
    {
        final long s = sequence++;
        logic.onEvent(event, s, true);
        if (null != downstream)
        {
            try
            {
                downstream.onEvent(event, s, true);
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private void publish(
        final EngineEvent event, final int templateId, final long sessionId, final long playerId,
        final UnsafeBuffer buffer, final int length)
    {
        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = templateId;
        event.sessionId = sessionId;
        event.playerId = playerId;
        event.tokenHigh = sessionId;
        event.tokenLow = sessionId;
        event.seed = 99;
        event.reason = ErrorCode.OK.value();
        event.payload.putBytes(0, buffer, 0, length);
        event.payloadLength = length;
        dispatch(event);
    }

    /**
     * Apply the next input of player {@code p} (its input sequence advanced by one).
     */
    EngineEvent input(final int p)
    {
        return input(p, true);
    }

    /**
     * @param dispatch false to only advance the input sequence, for a pipeline that runs the handlers itself.
     */
    EngineEvent input(final int p, final boolean dispatch)
    {
        final EngineEvent input = inputs[p];
        input.payload.putLong(INPUT_SEQUENCE_OFFSET, ++inputSequences[p]);
        if (dispatch)
        {
            dispatch(input);
        }
        return input;
    }

    EngineEvent tick()
    {
        tickEvent.tick = ++tick;
        tickEvent.timeNs = tick * TICK_NS;
        dispatch(tickEvent);
        return tickEvent;
    }
}
