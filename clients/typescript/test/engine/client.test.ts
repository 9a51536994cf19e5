// The TypeScript client against a real engine (started by the perf module's TypeScriptClientTest with its WebSocket
// endpoint, the arena and the games module's games): RINGSIDE_WS_URL names the endpoint.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    EntityFields,
    ErrorCode,
    MessageHeaderEncoder,
    PingEncoder,
    RingsideClient,
    RingsideError,
    RoomSnapshotDecoder,
    type ClientListener,
} from "../../src/ts/index.js";

const url = process.env.RINGSIDE_WS_URL ?? "";
if (url === "") {
    throw new Error("RINGSIDE_WS_URL is not set: these tests need an engine with its WebSocket endpoint");
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error("timed out waiting for " + what);
        }
        await new Promise(resolve => setTimeout(resolve, 10));
    }
}

/** Where each entity of the arena was last seen, from the room snapshots. */
class Positions implements ClientListener {
    readonly byEntity = new Map<number, { x: number; y: number }>();
    snapshots = 0;

    onRoomSnapshot(snapshot: RoomSnapshotDecoder): void {
        this.snapshots++;
        const members = snapshot.members();
        while (members.hasNext()) {
            members.next();
        }
        const entities = snapshot.entities();
        while (entities.hasNext()) {
            entities.next();
            if ((entities.changedFields() & EntityFields.position) !== 0) {
                this.byEntity.set(entities.entityId(), { x: entities.x(), y: entities.y() });
            }
        }
    }
}

test("two players over WebSocket share an arena room, fly, and see each other move", async () => {
    const seenByA = new Positions();
    const a = new RingsideClient({ url, listener: seenByA });
    const b = new RingsideClient({ url, listener: new Positions() });
    try {
        const sessionA = await a.connect("ts-a");
        await b.connect("ts-b");
        assert.ok(sessionA.sessionId > 0n);
        assert.ok(sessionA.tickIntervalNs > 0n);
        const roomA = await a.joinRoom("arena");
        const roomB = await b.joinRoom("arena", roomA.roomId);
        assert.equal(roomB.roomId, roomA.roomId);
        assert.notEqual(roomB.entityId, roomA.entityId);

        await until("A sees B's ship", () => seenByA.byEntity.has(roomB.entityId));
        const start = { ...seenByA.byEntity.get(roomB.entityId)! };
        let last = 0n;
        for (let i = 0; i < 60; i++) {
            last = b.sendInput(1, 0.2, false);
            await new Promise(resolve => setTimeout(resolve, 5));
        }
        await until("A sees B's ship move", () => {
            const now = seenByA.byEntity.get(roomB.entityId)!;
            return Math.hypot(now.x - start.x, now.y - start.y) > 5;
        });
        await until("B's inputs acknowledged", () => b.lastAckedInput() === last);

        a.ping(7n);
        await until("a round trip measured", () => !Number.isNaN(a.lastRoundTripMs()));
        assert.ok(a.lastRoundTripMs() >= 0 && a.lastRoundTripMs() < 10_000, "round trip " + a.lastRoundTripMs());
        assert.equal(a.sequenceViolations(), 0);
        assert.equal(b.sequenceViolations(), 0);
        assert.equal(a.invalidMessages(), 0);
        assert.ok(seenByA.snapshots > 0);
    } finally {
        a.close();
        b.close();
    }
});

test("a spectator watches a room without a seat: the room's ships, no entity of its own, then a seat", async () => {
    const pilot = new RingsideClient({ url });
    const seen = new Positions();
    const spectator = new RingsideClient({ url, listener: seen });
    try {
        await pilot.connect("ts-pilot");
        await spectator.connect("ts-spectator");
        const room = await pilot.createRoom("arena");
        const watched = await spectator.watchRoom(room.roomId);
        assert.equal(watched.roomId, room.roomId);
        assert.equal(watched.entityId, 0, "no entity");
        assert.equal(spectator.isWatching(), true);
        await until("the spectator sees the pilot's ship", () => seen.byEntity.has(room.entityId));
        const start = { ...seen.byEntity.get(room.entityId)! };
        for (let i = 0; i < 30; i++) {
            pilot.sendInput(1, 0, false);
            await new Promise(resolve => setTimeout(resolve, 5));
        }
        await until("and it move", () => {
            const now = seen.byEntity.get(room.entityId)!;
            return Math.hypot(now.x - start.x, now.y - start.y) > 5;
        });

        await assert.rejects(spectator.joinRoom("arena", room.roomId),
            (error: unknown) => error instanceof RingsideError && error.code === ErrorCode.ALREADY_IN_ROOM);
        await spectator.leaveRoom();
        assert.equal(spectator.isWatching(), false);
        const seated = await spectator.joinRoom("arena", room.roomId);
        assert.ok(seated.entityId > 0, "from watching to a seat in the same room");
        await assert.rejects(spectator.watchRoom(987654321n),
            (error: unknown) => error instanceof RingsideError && error.code === ErrorCode.ALREADY_IN_ROOM);
        assert.equal(spectator.sequenceViolations(), 0);
        assert.equal(spectator.roomStreamGaps(), 0);
    } finally {
        pilot.close();
        spectator.close();
    }
});

test("a dropped connection resumes its session with its token on a new one", async () => {
    const events: string[] = [];
    const client = new RingsideClient({
        url,
        listener: {
            onResuming: () => events.push("resuming"),
            onResumed: () => events.push("resumed"),
            onResumeFailed: reason => events.push("failed: " + reason),
        },
    });
    try {
        const session = await client.connect("ts-resume");
        const room = await client.joinRoom("arena");
        client.dropConnection();
        await until("resumed", () => events.includes("resumed") || events.some(e => e.startsWith("failed")));
        assert.deepEqual(events, ["resuming", "resumed"]);
        assert.equal(client.sessionId(), session.sessionId);
        assert.equal(client.roomId(), room.roomId, "still in its room");
        assert.equal(client.resumes(), 1);
        const sequence = client.sendInput(0.5, 0, false);
        await until("inputs acknowledged after the resume", () => client.lastAckedInput() >= sequence);
        assert.equal(client.sequenceViolations(), 0);
    } finally {
        client.close();
    }
});

test("private rooms by code, listing by metadata, and the engine's refusals as RingsideErrors", async () => {
    const host = new RingsideClient({ url });
    const guest = new RingsideClient({ url });
    try {
        await host.connect("ts-host");
        await guest.connect("ts-guest");

        const privateRoom = await host.createRoom("pig", "target=30", true);
        assert.match(privateRoom.joinCode, /^[A-Z2-9]{8}$/);
        const joined = await guest.joinByCode(privateRoom.joinCode);
        assert.equal(joined.roomId, privateRoom.roomId);
        await guest.leaveRoom();
        await host.leaveRoom();

        const listed = await host.createRoom("pig", "target=40");
        const page = await guest.listRooms("pig", "target=40");
        assert.ok(page.rooms.some(r => r.roomId === listed.roomId && r.metadata.includes("target=40")),
            JSON.stringify(page, (_, v) => typeof v === "bigint" ? v.toString() : v));
        assert.ok(!page.rooms.some(r => r.roomId === privateRoom.roomId), "private rooms are never listed");

        await assert.rejects(guest.joinRoom("no-such-game"),
            (error: unknown) => error instanceof RingsideError && error.code === ErrorCode.NO_SUCH_GAME);
        await assert.rejects(guest.joinByCode("ZZZZZZZZ"),
            (error: unknown) => error instanceof RingsideError && error.code === ErrorCode.NO_SUCH_ROOM);
        await assert.rejects(guest.createRoom("pig", "not a pair"),
            (error: unknown) => error instanceof RingsideError && error.code === ErrorCode.INVALID_INPUT);
    } finally {
        host.close();
        guest.close();
    }
});

test("a malformed frame is refused with BAD_MESSAGE and the session serves on", async () => {
    const errors: ErrorCode[] = [];
    const client = new RingsideClient({ url, listener: { onError: error => errors.push(error.code()) } });
    try {
        await client.connect("ts-garbage");
        // a Ping cut short: the header says more block than the frame has
        const bytes = new Uint8Array(MessageHeaderEncoder.ENCODED_LENGTH + PingEncoder.BLOCK_LENGTH);
        new PingEncoder().wrapAndApplyHeader(new DataView(bytes.buffer), 0, new MessageHeaderEncoder())
            .sessionId(client.sessionId()).pingId(1n).clientTimestampNs(0n);
        client.sendRaw(bytes.subarray(0, bytes.length - 5));
        await until("BAD_MESSAGE", () => errors.includes(ErrorCode.BAD_MESSAGE));
        client.ping(2n);
        await until("a pong after the refusal", () => !Number.isNaN(client.lastRoundTripMs()));
        assert.equal(client.sequenceViolations(), 0);
    } finally {
        client.close();
    }
});

test("a game's declared state decodes generically: the gems room's runners, gems and match by field name", async () => {
    const client = new RingsideClient({ url });
    try {
        await client.connect("ts-gems");
        const room = await client.joinRoom("gems");
        const state = client.declaredState();
        await until("the room's declared state", () => state.entity(room.entityId) !== undefined &&
            state.entities("match").length === 1);
        const schema = state.schema()!;
        assert.deepEqual(schema.types.map(t => t.name), ["match", "runner", "gem", "mine"]);
        const me = state.entity(room.entityId)!;
        assert.equal(me.type.name, "runner");
        const x = me.getFloat("x");
        assert.ok(x >= 0 && x <= 1000, "x " + x);
        assert.equal(typeof me.getBoolean("dashing"), "boolean");
        const phase = state.entities("match")[0].getInt("phase");
        assert.ok(phase >= 0 && phase < 256, "phase " + phase);
        assert.throws(() => me.getInt("no-such-field"), TypeError);
        for (const gem of state.entities("gem")) {
            assert.ok(gem.getInt("value") > 0);
        }
        assert.equal(client.roomStateInvalid(), 0);
        assert.equal(client.sequenceViolations(), 0);
    } finally {
        client.close();
    }
});
