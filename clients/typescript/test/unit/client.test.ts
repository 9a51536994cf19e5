// The client's own logic over a scripted socket (no engine): resuming after a drop tries one attempt at a time with
// a growing delay, and close() stops it; a request that cannot be encoded is a rejected promise with nothing left
// waiting; a Redirect is followed to the other engine without the caller's help.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    ConnectDecoder,
    ErrorCode,
    MessageHeaderEncoder,
    RedirectEncoder,
    RingsideClient,
    RoomJoinedEncoder,
    SessionResultEncoder,
    type WebSocketLike,
} from "../../src/ts/index.js";

/** A socket the test drives: opens (or fails) on the next turn, answers Connect with an OK SessionResult. */
class ScriptedSocket implements WebSocketLike {
    binaryType = "";
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;

    constructor(private readonly opens: boolean) {
        setTimeout(() => {
            if (this.opens) {
                this.readyState = 1;
                this.onopen?.({});
            } else {
                this.onerror?.({});
                this.close(1006, "refused");
            }
        }, 1);
    }

    send(data: ArrayBufferView): void {
        const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        if (view.getUint16(2, true) === 1) { // Connect: answer with a session
            const correlationId = view.getBigInt64(8, true);
            const reply = new ArrayBuffer(256);
            const result = new SessionResultEncoder().wrapAndApplyHeader(new DataView(reply), 0, new MessageHeaderEncoder())
                .sequence(1n).correlationId(correlationId).result(ErrorCode.OK).sessionId(42n);
            result.resumeToken().high(1n).low(2n);
            result.playerId(7n).serverTimeNs(0n).tickIntervalNs(16_666_667n).tick(0n);
            setTimeout(() => this.onmessage?.({ data: reply.slice(0, MessageHeaderEncoder.ENCODED_LENGTH + result.encodedLength()) }), 1);
        }
    }

    close(code = 1000, reason = ""): void {
        if (this.readyState === 3) {
            return;
        }
        this.readyState = 3;
        setTimeout(() => this.onclose?.({ code, reason }), 1);
    }
}

test("resuming tries one attempt at a time, backing off, and close() stops it", async () => {
    let sockets = 0;
    const events: string[] = [];
    const client = new RingsideClient({
        url: "ws://scripted",
        webSocket: () => new ScriptedSocket(sockets++ === 0), // only the first socket opens
        listener: {
            onResuming: () => events.push("resuming"),
            onClosed: () => events.push("closed"),
            onResumeFailed: () => events.push("failed"),
        },
    });
    const session = await client.connect("scripted");
    assert.equal(session.sessionId, 42n);
    client.dropConnection();
    await new Promise(resolve => setTimeout(resolve, 700));
    const attempts = sockets - 1;
    // 50, 100, 200, 400 ms apart: four attempts in 700 ms, never a second chain of them
    assert.ok(attempts >= 3 && attempts <= 5, attempts + " attempts");
    assert.equal(client.isResuming(), true);
    client.close();
    const afterClose = sockets;
    await new Promise(resolve => setTimeout(resolve, 1_200));
    assert.equal(sockets, afterClose, "no attempt after close()");
    assert.deepEqual(events, ["resuming", "closed"]);
});

test("a request that cannot be encoded rejects and leaves nothing waiting", async () => {
    const client = new RingsideClient({ url: "ws://scripted", webSocket: () => new ScriptedSocket(true), requestTimeoutMs: 50 });
    await client.connect("scripted");
    await assert.rejects(client.joinRoom("x".repeat(40)), RangeError);
    await new Promise(resolve => setTimeout(resolve, 100)); // a stray timer would reject unobserved here
    client.close();
});

/** One engine of two: answers Connect with a session, and JoinRoom with a Redirect (first) or RoomJoined (second). */
class EngineSocket implements WebSocketLike {
    binaryType = "";
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    readonly received: number[] = [];
    credentials = "";
    joinSessionId = 0n;

    constructor(private readonly sessionId: bigint, private readonly redirectTo: string | null) {
        setTimeout(() => {
            this.readyState = 1;
            this.onopen?.({});
        }, 1);
    }

    send(data: ArrayBufferView): void {
        const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        const template = view.getUint16(2, true);
        this.received.push(template);
        const correlationId = view.getBigInt64(8, true);
        const reply = new ArrayBuffer(512);
        const out = new DataView(reply);
        let length = 0;
        if (template === 1) {
            const connect = new ConnectDecoder().wrap(view, 8, view.getUint16(0, true), view.getUint16(6, true));
            connect.correlationId();
            connect.protocolVersion();
            connect.responseStreamId();
            connect.responseChannel();
            connect.playerName();
            this.credentials = new TextDecoder().decode(connect.credentials());
            const result = new SessionResultEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder())
                .sequence(1n).correlationId(correlationId).result(ErrorCode.OK).sessionId(this.sessionId);
            result.resumeToken().high(1n).low(2n);
            result.playerId(7n).serverTimeNs(0n).tickIntervalNs(16_666_667n).tick(0n);
            length = result.encodedLength();
        } else if (template === 3) {
            this.joinSessionId = view.getBigInt64(16, true);
            if (this.redirectTo !== null) {
                const redirect = new RedirectEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder())
                    .sequence(2n).correlationId(correlationId).roomId(2n << 32n | 1n).engineId(2)
                    .ticketExpiresEpochMs(0n).aeronEndpoint("").webSocketUrl(this.redirectTo)
                    .ticket(new TextEncoder().encode("t1.the-ticket"));
                length = redirect.encodedLength();
            } else {
                const joined = new RoomJoinedEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder())
                    .sequence(2n).correlationId(correlationId).roomId(2n << 32n | 1n).entityId(5).maxPlayers(8)
                    .playerCount(1).tick(0n).roomStreamId(0).joinCode("").gameType("arena");
                length = joined.encodedLength();
            }
        } else {
            return;
        }
        setTimeout(() => this.onmessage?.({ data: reply.slice(0, MessageHeaderEncoder.ENCODED_LENGTH + length) }), 1);
    }

    close(code = 1000, reason = ""): void {
        if (this.readyState === 3) {
            return;
        }
        this.readyState = 3;
        setTimeout(() => this.onclose?.({ code, reason }), 1);
    }
}

test("a Redirect is followed: leave, connect to the other engine with the ticket, ask again there", async () => {
    const sockets = new Map<string, EngineSocket>();
    const redirectedTo: number[] = [];
    let closedEvents = 0;
    const client = new RingsideClient({
        url: "ws://engine-1/ws",
        webSocket: url => {
            const socket = url === "ws://engine-1/ws" ? new EngineSocket(42n, "ws://engine-2/ws") : new EngineSocket(43n, null);
            sockets.set(url, socket);
            return socket;
        },
        listener: {
            onRedirected: engineId => redirectedTo.push(engineId),
            onClosed: () => closedEvents++,
            onResuming: () => assert.fail("a redirect is not a drop"),
        },
    });
    await client.connect("alice");
    const room = await client.joinRoom("arena", 2n << 32n | 1n);
    assert.equal(room.roomId, 2n << 32n | 1n);
    assert.equal(client.sessionId(), 43n);
    assert.equal(client.redirects(), 1);
    assert.deepEqual(redirectedTo, [2]);
    assert.deepEqual(sockets.get("ws://engine-1/ws")!.received, [1, 3, 8], "Connect, JoinRoom, Disconnect");
    assert.equal(sockets.get("ws://engine-2/ws")!.credentials, "t1.the-ticket");
    assert.equal(sockets.get("ws://engine-2/ws")!.joinSessionId, 43n, "asked again with the new session");
    assert.equal(client.sequenceViolations(), 0);
    assert.equal(closedEvents, 0);
    client.close();
});
