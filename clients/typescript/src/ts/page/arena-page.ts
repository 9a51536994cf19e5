// The live arena page the engine serves beside its WebSocket endpoint: lists the arena's rooms and watches the
// busiest as a spectator (WatchRoom: the room's stream without a seat), joins it when the visitor asks, flies the
// visitor's ship from the keyboard, and draws every ship and projectile of the room from its room snapshots, with
// round trip, tick and players in an overlay. Everything goes through the TypeScript client.

import { EntityFields, EntityKind, RingsideClient, SnapshotType, type RoomSnapshotDecoder } from "../index.js";

interface Thing {
    kind: number;
    x: number;
    y: number;
    rotation: number;
    health: number;
    state: number;
}

const canvas = document.getElementById("arena") as HTMLCanvasElement;
const overlay = document.getElementById("overlay") as HTMLDivElement;
const status = document.getElementById("status") as HTMLDivElement;
const joinButton = document.getElementById("join") as HTMLButtonElement;
const roomsTable = document.getElementById("rooms") as HTMLTableSectionElement;
const context = canvas.getContext("2d")!;

const things = new Map<number, Thing>();
const keys = new Set<string>();
let players = 0;
let tick = 0n;
let tickIntervalMs = 0;
let snapshots = 0;
let worldSize = 1000;
let pingId = 0n;
let joining = false;

const scheme = location.protocol === "https:" ? "wss:" : "ws:";
const client = new RingsideClient({
    url: scheme + "//" + location.host + "/ws",
    listener: {
        onRoomSnapshot: snapshot => onRoomSnapshot(snapshot),
        onRoomLeft: () => things.clear(),
        onPong: () => drawOverlay(),
        onError: error => { status.textContent = "engine says: " + error.text(); },
        onResuming: () => { status.textContent = "connection lost, resuming…"; },
        onResumed: () => { status.textContent = "resumed"; },
        onClosed: (_code, reason) => { status.textContent = "disconnected " + reason; joinButton.disabled = true; },
    },
});

function onRoomSnapshot(snapshot: RoomSnapshotDecoder): void {
    snapshots++;
    tick = snapshot.tick();
    if (snapshot.snapshotType() === SnapshotType.FULL) {
        things.clear();
    }
    const members = snapshot.members(); // groups are read once each, in schema order
    players = members.count();
    while (members.hasNext()) {
        members.next();
    }
    const entities = snapshot.entities();
    while (entities.hasNext()) {
        entities.next();
        const id = entities.entityId();
        const changed = entities.changedFields();
        let thing = things.get(id);
        if (thing === undefined) {
            thing = { kind: entities.kind(), x: 0, y: 0, rotation: 0, health: 0, state: 0 };
            things.set(id, thing);
        }
        if ((changed & EntityFields.position) !== 0) {
            thing.x = entities.x();
            thing.y = entities.y();
            worldSize = Math.max(worldSize, Math.ceil(Math.max(thing.x, thing.y) / 250) * 250);
        }
        if ((changed & EntityFields.rotation) !== 0) {
            thing.rotation = entities.rotation();
        }
        if ((changed & EntityFields.health) !== 0) {
            thing.health = entities.health();
        }
        if ((changed & EntityFields.state) !== 0) {
            thing.state = entities.state();
        }
    }
    const removed = snapshot.removedEntities();
    while (removed.hasNext()) {
        things.delete(removed.next().entityId());
    }
}

function draw(): void {
    const side = canvas.width;
    const scale = side / worldSize;
    context.fillStyle = "#121722";
    context.fillRect(0, 0, side, side);
    const me = client.entityId();
    for (const [id, thing] of things) {
        const x = thing.x * scale;
        const y = side - thing.y * scale;
        if (thing.kind === EntityKind.PROJECTILE) {
            context.fillStyle = "#ffd166";
            context.fillRect(x - 1.5, y - 1.5, 3, 3);
            continue;
        }
        if (thing.kind !== EntityKind.SHIP || thing.state === 0) {
            continue; // not a ship, or a ship waiting to respawn
        }
        context.save();
        context.translate(x, y);
        context.rotate(-thing.rotation);
        context.beginPath();
        context.moveTo(9, 0);
        context.lineTo(-6, 5);
        context.lineTo(-6, -5);
        context.closePath();
        context.fillStyle = id === me ? "#06d6a0" : "#4d8df7";
        context.fill();
        context.restore();
    }
    requestAnimationFrame(draw);
}

function drawOverlay(): void {
    const me = things.get(client.entityId());
    const rtt = client.lastRoundTripMs();
    overlay.dataset.rttMs = Number.isNaN(rtt) ? "" : rtt.toFixed(3);
    overlay.dataset.meX = me === undefined ? "" : me.x.toFixed(1);
    overlay.dataset.meY = me === undefined ? "" : me.y.toFixed(1);
    overlay.dataset.watching = client.isWatching() ? String(client.roomId()) : "";
    overlay.dataset.ships = String([...things.values()].filter(t => t.kind === EntityKind.SHIP && t.state !== 0).length);
    overlay.textContent = [
        "round trip " + (Number.isNaN(rtt) ? "-" : rtt.toFixed(1) + " ms"),
        "tick       " + tick + (tickIntervalMs > 0 ? " (every " + tickIntervalMs.toFixed(1) + " ms)" : ""),
        "players    " + players,
        "snapshots  " + snapshots + (client.roomStreamGaps() > 0 ? " (gaps " + client.roomStreamGaps() + ")" : ""),
        "you        " + (me === undefined ? (client.isWatching() ? "watching room " + client.roomId() :
            client.entityId() === 0 ? "not in a room" : "#" + client.entityId()) :
            "#" + client.entityId() + " at " + me.x.toFixed(0) + ", " + me.y.toFixed(0) + "  health " + me.health),
    ].join("\n");
}

async function refreshRooms(): Promise<void> {
    if (!client.isConnected()) {
        return;
    }
    const page = await client.listRooms("arena");
    if (client.roomId() === 0n && page.rooms.length > 0 && !joining) {
        // watch the busiest room until the visitor joins
        const busiest = page.rooms.reduce((a, b) => b.playerCount > a.playerCount ? b : a);
        const watched = await client.watchRoom(busiest.roomId);
        status.textContent = "watching room " + watched.roomId + ": press Join and fly to play in it";
    }
    roomsTable.replaceChildren(...page.rooms.map(room => {
        const row = document.createElement("tr");
        for (const text of [String(room.roomId), room.playerCount + " / " + room.maxPlayers, room.metadata]) {
            const cell = document.createElement("td");
            cell.textContent = text;
            row.append(cell);
        }
        return row;
    }));
}

function sendControls(): void {
    if (client.entityId() === 0 || !client.isConnected()) {
        return;
    }
    const thrust = (keys.has("ArrowUp") || keys.has("KeyW") ? 1 : 0) - (keys.has("ArrowDown") || keys.has("KeyS") ? 1 : 0);
    const turn = (keys.has("ArrowLeft") || keys.has("KeyA") ? 1 : 0) - (keys.has("ArrowRight") || keys.has("KeyD") ? 1 : 0);
    client.sendInput(thrust, turn, keys.has("Space"));
}

const controlKeys = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "KeyW", "KeyA", "KeyS", "KeyD", "Space"]);
addEventListener("keydown", event => {
    if (controlKeys.has(event.code)) {
        keys.add(event.code);
        event.preventDefault();
    }
});
addEventListener("keyup", event => keys.delete(event.code));

joinButton.addEventListener("click", async () => {
    joinButton.disabled = true;
    joining = true;
    try {
        // from watching a room to a seat in it, when it has one; otherwise the room the matchmaker picks
        const watched = client.isWatching() ? client.roomId() : 0n;
        if (watched !== 0n) {
            await client.leaveRoom();
        }
        const room = await client.joinRoom("arena", watched).catch(() => client.joinRoom("arena"));
        status.textContent = "flying in room " + room.roomId + " as ship #" + room.entityId;
    } catch (error) {
        status.textContent = "could not join: " + (error instanceof Error ? error.message : String(error));
        joinButton.disabled = false;
        joining = false;
    }
});

async function start(): Promise<void> {
    const session = await client.connect("visitor-" + Math.floor(Math.random() * 10_000));
    tickIntervalMs = Number(session.tickIntervalNs) / 1e6;
    status.textContent = "connected as session " + session.sessionId;
    joinButton.disabled = false;
    setInterval(sendControls, 1000 / 30);
    setInterval(() => client.isConnected() && client.ping(++pingId), 500);
    setInterval(drawOverlay, 250);
    setInterval(() => void refreshRooms().catch(() => undefined), 2000);
    void refreshRooms();
    requestAnimationFrame(draw);
}

start().catch(error => {
    status.textContent = "cannot reach the engine: " + (error instanceof Error ? error.message : String(error));
});
