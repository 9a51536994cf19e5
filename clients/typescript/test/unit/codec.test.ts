// The generated codecs and the declared-state reader, without an engine: what one side writes the other reads,
// caps are enforced both ways, and fields newer than the sender's version read as null.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    BooleanType,
    ConnectDecoder,
    ConnectEncoder,
    CreateRoomDecoder,
    DeclaredState,
    EntityFields,
    EntityKind,
    JoinByCodeDecoder,
    JoinByCodeEncoder,
    MessageHeaderDecoder,
    MessageHeaderEncoder,
    ReconnectDecoder,
    ReconnectEncoder,
    RoomSnapshotDecoder,
    RoomSnapshotEncoder,
    SCHEMA_ID,
    SCHEMA_VERSION,
    SnapshotType,
    decodeStateSchema,
    templateName,
} from "../../src/ts/index.js";

const view = () => new DataView(new ArrayBuffer(4096));

test("a message written with its header reads back field by field, var data in order", () => {
    const buffer = view();
    const encoder = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
        .correlationId(-5n).protocolVersion(SCHEMA_VERSION).responseStreamId(1001)
        .responseChannel("aeron:udp?endpoint=localhost:4000").playerName("Åsa").credentials(new Uint8Array([1, 2, 3]));
    const header = new MessageHeaderDecoder().wrap(buffer, 0);
    assert.equal(header.schemaId(), SCHEMA_ID);
    assert.equal(header.templateId(), ConnectEncoder.TEMPLATE_ID);
    assert.equal(templateName(header.templateId()), "Connect");
    const decoder = new ConnectDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
    assert.equal(decoder.correlationId(), -5n);
    assert.equal(decoder.protocolVersion(), SCHEMA_VERSION);
    assert.equal(decoder.responseStreamId(), 1001);
    assert.equal(decoder.responseChannel(), "aeron:udp?endpoint=localhost:4000");
    assert.equal(decoder.playerName(), "Åsa");
    assert.deepEqual([...decoder.credentials()], [1, 2, 3]);
    assert.equal(decoder.encodedLength(), encoder.encodedLength());
});

test("composites and char arrays: a resume token and a join code", () => {
    const buffer = view();
    const encoder = new ReconnectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).sessionId(9n);
    encoder.resumeToken().high(-1n).low(0x0123456789abcdefn);
    const decoder = new ReconnectDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
    assert.equal(decoder.resumeToken().high(), -1n);
    assert.equal(decoder.resumeToken().low(), 0x0123456789abcdefn);

    new JoinByCodeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).joinCode("AB23");
    assert.equal(new JoinByCodeDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder()).joinCode(), "AB23");
    assert.throws(() => new JoinByCodeEncoder().wrap(buffer, 0).joinCode("TOO-LONG-CODE"), RangeError);
});

test("groups: entries by next(), counts capped by the schema", () => {
    const buffer = view();
    const encoder = new RoomSnapshotEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
        .roomSequence(3n).tick(100n).serverTimeNs(1n).roomId(77n).snapshotType(SnapshotType.DELTA)
        .baselineSequence(2n).skippedCount(0);
    encoder.members(1).next().entityId(5).lastInputSequence(40n).lastInputClientTimestampNs(123n);
    const entities = encoder.entities(2);
    entities.next().entityId(5).kind(EntityKind.SHIP).changedFields(EntityFields.position | EntityFields.health)
        .x(10.5).y(-3).rotation(0).vx(0).vy(0).health(90).score(0).state(0).ownerId(0);
    entities.next().entityId(6).kind(EntityKind.PROJECTILE).changedFields(EntityFields.position)
        .x(1).y(2).rotation(0).vx(0).vy(0).health(0).score(0).state(0).ownerId(5);
    encoder.removedEntities(1).next().entityId(4);
    assert.throws(() => encoder.removedEntities(1025), RangeError);

    const decoder = new RoomSnapshotDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
    assert.equal(decoder.roomId(), 77n);
    assert.equal(decoder.snapshotType(), SnapshotType.DELTA);
    const members = decoder.members();
    assert.equal(members.count(), 1);
    assert.equal(members.next().lastInputSequence(), 40n);
    const read = decoder.entities();
    const seen: number[] = [];
    while (read.hasNext()) {
        read.next();
        seen.push(read.entityId());
        if (read.entityId() === 5) {
            assert.equal(read.x(), 10.5);
            assert.equal(read.health(), 90);
            assert.notEqual(read.changedFields() & EntityFields.health, 0);
        }
    }
    assert.deepEqual(seen, [5, 6]);
    assert.equal(decoder.removedEntities().next().entityId(), 4);
    assert.throws(() => read.next(), RangeError);
});

test("a sender of an older version: newer fields read as null, newer data as empty", () => {
    const buffer = view();
    // a CreateRoom (since version 5) body read as if a version 4 sender wrote it
    const decoder = new CreateRoomDecoder().wrap(buffer, 0, CreateRoomDecoder.BLOCK_LENGTH, 4);
    assert.equal(decoder.correlationId(), -9223372036854775808n);
    assert.equal(decoder.privateRoom(), BooleanType.NULL_VALUE);
    assert.equal(decoder.gameType(), "");
    assert.equal(decoder.options(), "");
});

test("var data over its cap is refused both ways", () => {
    const buffer = view();
    assert.throws(() => new ConnectEncoder().wrap(buffer, 0).responseChannel("x".repeat(257)), RangeError);
    const encoder = new ConnectEncoder().wrap(buffer, 0);
    buffer.setUint16(encoder.limit(), 300, true); // a length past responseChannel's cap of 256
    const decoder = new ConnectDecoder().wrap(buffer, 0, ConnectDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    assert.throws(() => decoder.responseChannel(), RangeError);
});

/** A declaration in the engine's StateSchemaCodec layout: a room state type and one entity type. */
function declaration(): Uint8Array {
    const bytes: number[] = [2];
    const name = (text: string) => bytes.push(text.length, ...[...text].map(c => c.charCodeAt(0)));
    const float = (value: number) => {
        const f = new DataView(new ArrayBuffer(4));
        f.setFloat32(0, value, true);
        bytes.push(...new Uint8Array(f.buffer));
    };
    bytes.push(1); name("match"); bytes.push(1); bytes.push(4); name("phase");
    bytes.push(0); name("runner"); bytes.push(3);
    bytes.push(1); name("x"); float(0); float(1000);
    bytes.push(2); name("score");
    bytes.push(5); name("dashing");
    return new Uint8Array(bytes);
}

function entry(id: number, typeId: number, mask: number, fields: number[]): number[] {
    const header = new DataView(new ArrayBuffer(9));
    header.setInt32(0, id, true);
    header.setUint8(4, typeId);
    header.setUint32(5, mask, true);
    return [...new Uint8Array(header.buffer), ...fields];
}

test("declared state: a FULL then a DELTA, fields by name, entries that do not match refused", () => {
    const schema = decodeStateSchema(declaration());
    assert.deepEqual(schema.types.map(t => t.name), ["match", "runner"]);
    assert.equal(schema.types[0].roomState, true);
    const state = new DeclaredState();
    state.reset(schema, 5n);

    const full = new Uint8Array([
        ...entry(1, 0, 1, [2]),
        ...entry(10, 1, 7, [0xff, 0xff, 0x2a, 0, 0, 0, 1]),
    ]);
    assert.equal(state.apply(5n, 1n, true, [], full), true);
    assert.equal(state.entity(1)!.getInt("phase"), 2);
    const runner = state.entity(10)!;
    assert.equal(runner.getFloat("x"), 1000);
    assert.equal(runner.getInt("score"), 42);
    assert.equal(runner.getBoolean("dashing"), true);

    const delta = new Uint8Array(entry(10, 1, 2, [7, 0, 0, 0]));
    assert.equal(state.apply(5n, 2n, false, [1], delta), true);
    assert.equal(state.entity(10)!.getInt("score"), 7);
    assert.equal(state.entity(10)!.getBoolean("dashing"), true, "fields not in the delta keep their values");
    assert.equal(state.entity(1), undefined, "removed");
    assert.equal(state.tick(), 2n);

    assert.equal(state.apply(5n, 3n, false, [], new Uint8Array(entry(10, 9, 1, [0, 0]))), false, "no type 9");
    assert.equal(state.apply(5n, 3n, false, [], new Uint8Array(entry(10, 1, 8, []))), false, "no field 3");
    assert.equal(state.apply(5n, 3n, false, [], new Uint8Array(entry(10, 1, 2, [1, 0]))), false, "cut short");
    assert.equal(state.apply(6n, 3n, false, [], delta), false, "another room");
    assert.equal(state.entity(10)!.getInt("score"), 7, "nothing changed by what was refused");
    assert.throws(() => decodeStateSchema(declaration().subarray(0, 10)));
});

test("var data is bounded by the view, not the whole buffer under it", () => {
    const buffer = new ArrayBuffer(4096);
    const encoder = new ConnectEncoder().wrapAndApplyHeader(new DataView(buffer), 0, new MessageHeaderEncoder())
        .correlationId(1n).protocolVersion(SCHEMA_VERSION).responseStreamId(0).responseChannel("ws")
        .playerName("x".repeat(32));
    const length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    // the same bytes seen through a view that ends before the player's name does
    const cut = new DataView(buffer, 0, length - 10);
    const decoder = new ConnectDecoder().wrapAndApplyHeader(cut, 0, new MessageHeaderDecoder());
    assert.equal(decoder.responseChannel(), "ws");
    assert.throws(() => decoder.playerName(), RangeError);
    assert.throws(() => new ConnectEncoder().wrap(new DataView(buffer, 0, 40), 0).responseChannel("x".repeat(30)),
        RangeError);
});
