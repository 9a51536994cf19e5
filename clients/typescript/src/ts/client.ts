// Ringside's client for browsers and Node: the wire protocol over the engine's WebSocket endpoint, one SBE message
// per binary frame both ways. Requests that the engine answers (connect, the room operations) return promises;
// what the engine pushes (snapshots, events, room messages, errors) goes to the listener, as flyweight decoders
// that are valid only during the call. The client checks the per-client sequence and the room stream's sequence,
// measures round trips with Ping, and, when the socket drops, resumes its session on a new one with its token.

import {
    BooleanType,
    ConnectEncoder,
    CreateRoomEncoder,
    DisconnectEncoder,
    ErrorCode,
    ErrorDecoder,
    GameEventDecoder,
    GameMessageEncoder,
    InputEncoder,
    JoinByCodeEncoder,
    JoinRoomEncoder,
    LeaveRoomEncoder,
    ListRoomsEncoder,
    MatchRoomEncoder,
    MessageHeaderDecoder,
    MessageHeaderEncoder,
    PingEncoder,
    PongDecoder,
    ReconnectEncoder,
    RoomJoinedDecoder,
    RoomLeftDecoder,
    RoomListDecoder,
    RedirectDecoder,
    RoomMessageDecoder,
    RoomSnapshotDecoder,
    RoomStateDecoder,
    RoomStateSchemaDecoder,
    SCHEMA_ID,
    SCHEMA_VERSION,
    ServerState,
    ServerStatusDecoder,
    SessionResultDecoder,
    SnapshotDecoder,
    SnapshotType,
    StateViewDecoder,
    TemplateId,
    TurnActionEncoder,
    WatchRoomEncoder,
} from "./generated/protocol.js";
import { DeclaredState, decodeStateSchema } from "./declared-state.js";

/** The response channel a WebSocket client names: every answer comes back on the same socket. */
export const IN_BAND_RESPONSE_CHANNEL = "ws";

/** The longest message a client may send (the engine refuses longer frames unread). */
const MAX_CLIENT_MESSAGE_LENGTH = 1024;

/** The engine refused a request: its code and text, and the request's correlation id. */
export class RingsideError extends Error {
    constructor(readonly code: ErrorCode, readonly text: string, readonly correlationId: bigint) {
        super(ErrorCode[code] + (text.length > 0 ? ": " + text : ""));
        this.name = "RingsideError";
    }
}

/** What the engine said to a Connect or Reconnect that succeeded. */
export interface Session {
    readonly sessionId: bigint;
    readonly playerId: bigint;
    readonly tickIntervalNs: bigint;
}

/** What the engine said to a join of any kind. */
export interface JoinedRoom {
    readonly roomId: bigint;
    readonly entityId: number;
    readonly maxPlayers: number;
    readonly playerCount: number;
    readonly gameType: string;
    /** A private room's code, "" for a public room. */
    readonly joinCode: string;
}

export interface ListedRoom {
    readonly roomId: bigint;
    readonly playerCount: number;
    readonly maxPlayers: number;
    /** The room's metadata: key=value pairs separated by commas. */
    readonly metadata: string;
}

export interface RoomPage {
    readonly matchingCount: number;
    readonly firstRoom: number;
    readonly rooms: readonly ListedRoom[];
}

/**
 * What the engine pushes. Every method is optional; decoders are flyweights over the received frame, valid only
 * during the call.
 */
export interface ClientListener {
    onSnapshot?(snapshot: SnapshotDecoder): void;
    /** A broadcast room's state at one tick (the room stream, forwarded on the socket). */
    onRoomSnapshot?(snapshot: RoomSnapshotDecoder): void;
    /** The room's declared state after a RoomState or StateView was applied; for games that declare their state. */
    onRoomState?(state: DeclaredState, lastInputSequence: bigint): void;
    onGameEvent?(event: GameEventDecoder): void;
    onRoomMessage?(message: RoomMessageDecoder): void;
    onRoomLeft?(left: RoomLeftDecoder): void;
    onPong?(pong: PongDecoder, roundTripMs: number): void;
    /** An Error no pending request claims (a disconnect reason, a refused input or game message). */
    onError?(error: ErrorDecoder): void;
    onServerStatus?(status: ServerStatusDecoder): void;
    /** The socket dropped with a session open; the client is trying to resume it. */
    /** The client followed a Redirect: it has a session on engine engineId now and asked there again. */
    onRedirected?(engineId: number, roomId: bigint): void;
    onResuming?(reason: string): void;
    onResumed?(session: Session): void;
    /** Resuming gave up: the engine refused the token, or the window passed. */
    onResumeFailed?(reason: string): void;
    /** A frame that does not decode as a message of this protocol; counted and passed over. */
    onInvalidMessage?(reason: string): void;
    /** The socket closed for good (no session to resume, resuming off or given up, or close() called). */
    onClosed?(code: number, reason: string): void;
}

/** The parts of the WebSocket API the client uses: the browser's, Node's global one, or a compatible one. */
export interface WebSocketLike {
    binaryType: string;
    readonly readyState: number;
    onopen: ((event: unknown) => void) | null;
    onmessage: ((event: { data: unknown }) => void) | null;
    onclose: ((event: { code: number; reason: string }) => void) | null;
    onerror: ((event: unknown) => void) | null;
    send(data: ArrayBufferView): void;
    close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface ClientOptions {
    /** The engine's WebSocket endpoint, e.g. ws://localhost:8081/ws. */
    readonly url: string;
    readonly listener?: ClientListener;
    /** How to open a socket; by default the global WebSocket (browsers, Node 22+, Node 20 with --experimental-websocket). */
    readonly webSocket?: WebSocketFactory;
    /** Resume a dropped session within this many milliseconds (0: never). Default 30 s. */
    readonly resumeWindowMs?: number;
    /** A request not answered within this many milliseconds is rejected. Default 10 s. */
    readonly requestTimeoutMs?: number;
    /** The clock that stamps pings and inputs, in nanoseconds. Default: performance.now(). */
    readonly clockNs?: () => bigint;
}

interface Pending {
    readonly resolve: (value: unknown) => void;
    readonly reject: (error: Error) => void;
    timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

export class RingsideClient {
    private url: string;
    private readonly listener: ClientListener;
    private readonly openSocket: WebSocketFactory;
    private readonly resumeWindowMs: number;
    private readonly requestTimeoutMs: number;
    private readonly clockNs: () => bigint;

    private readonly sendBuffer = new ArrayBuffer(MAX_CLIENT_MESSAGE_LENGTH);
    private readonly sendView = new DataView(this.sendBuffer);
    private readonly headerEncoder = new MessageHeaderEncoder();
    private readonly headerDecoder = new MessageHeaderDecoder();
    private readonly connectEncoder = new ConnectEncoder();
    private readonly reconnectEncoder = new ReconnectEncoder();
    private readonly joinRoomEncoder = new JoinRoomEncoder();
    private readonly createRoomEncoder = new CreateRoomEncoder();
    private readonly matchRoomEncoder = new MatchRoomEncoder();
    private readonly joinByCodeEncoder = new JoinByCodeEncoder();
    private readonly watchRoomEncoder = new WatchRoomEncoder();
    private readonly listRoomsEncoder = new ListRoomsEncoder();
    private readonly leaveRoomEncoder = new LeaveRoomEncoder();
    private readonly inputEncoder = new InputEncoder();
    private readonly turnActionEncoder = new TurnActionEncoder();
    private readonly gameMessageEncoder = new GameMessageEncoder();
    private readonly pingEncoder = new PingEncoder();
    private readonly disconnectEncoder = new DisconnectEncoder();
    private readonly sessionResultDecoder = new SessionResultDecoder();
    private readonly roomJoinedDecoder = new RoomJoinedDecoder();
    private readonly roomLeftDecoder = new RoomLeftDecoder();
    private readonly snapshotDecoder = new SnapshotDecoder();
    private readonly roomSnapshotDecoder = new RoomSnapshotDecoder();
    private readonly roomStateDecoder = new RoomStateDecoder();
    private readonly roomStateSchemaDecoder = new RoomStateSchemaDecoder();
    private readonly stateViewDecoder = new StateViewDecoder();
    private readonly gameEventDecoder = new GameEventDecoder();
    private readonly roomMessageDecoder = new RoomMessageDecoder();
    private readonly roomListDecoder = new RoomListDecoder();
    private readonly pongDecoder = new PongDecoder();
    private readonly errorDecoder = new ErrorDecoder();
    private readonly serverStatusDecoder = new ServerStatusDecoder();

    private socket: WebSocketLike | null = null;
    private readonly pending = new Map<bigint, Pending>();
    private readonly redirectDecoder = new RedirectDecoder();
    /** The last JoinRoom, WatchRoom or CreateRoom as sent: after a Redirect it is sent again to the other engine. */
    private roomRequest: Uint8Array | null = null;
    private roomRequestCorrelationId = -1n;
    private playerNameValue = "";
    private redirectsInARow = 0;
    private redirectsValue = 0;
    private readonly declared = new DeclaredState();
    private nextCorrelationId = 1n;
    private closing = false;

    private sessionIdValue = 0n;
    private tokenHigh = 0n;
    private tokenLow = 0n;
    private playerIdValue = 0n;
    private lastSequenceValue = 0n;
    private inputSequenceValue = 0n;
    private roomIdValue = 0n;
    private entityIdValue = 0;
    private joinCodeValue = "";
    private lastRoomSequence = 0n;
    private lastAckedInputValue = 0n;
    private lastRoundTripMsValue = NaN;
    private resumeDeadlineMs = 0;
    private resumeDelayMs = 0;
    private resumeTimer: ReturnType<typeof setTimeout> | undefined = undefined;
    private resumingValue = false;
    private listenerErrorsValue = 0;

    private sequenceViolationsValue = 0;
    private roomStreamGapsValue = 0;
    private roomStreamMessagesLostValue = 0;
    private declaredSkipsValue = 0;
    private invalidMessagesValue = 0;
    private roomStateInvalidValue = 0;
    private resumesValue = 0;
    private messagesReceivedValue = 0;
    private messagesSentValue = 0;

    constructor(options: ClientOptions) {
        this.url = options.url;
        this.listener = options.listener ?? {};
        this.openSocket = options.webSocket ?? defaultWebSocket;
        this.resumeWindowMs = options.resumeWindowMs ?? 30_000;
        this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
        this.clockNs = options.clockNs ?? defaultClockNs;
    }

    /** Open the socket and the session: resolves once the engine granted it, rejects with a RingsideError if refused. */
    async connect(playerName: string, credentials: Uint8Array = new Uint8Array(0)): Promise<Session> {
        if (this.socket !== null) {
            throw new Error("already connected; close() first");
        }
        this.closing = false;
        this.playerNameValue = playerName;
        await this.open();
        const correlationId = this.correlationId();
        this.connectEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId)
            .protocolVersion(SCHEMA_VERSION)
            .responseStreamId(0)
            .responseChannel(IN_BAND_RESPONSE_CHANNEL)
            .playerName(playerName)
            .credentials(credentials);
        this.send(this.connectEncoder.encodedLength());
        return this.expect<Session>(correlationId);
    }

    /** Join a room by id, or with roomId 0 the room the game's matchmaker picks. */
    joinRoom(gameType: string, roomId = 0n): Promise<JoinedRoom> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.remember(correlationId, this.joinRoomEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue).roomId(roomId).gameType(gameType)
            .encodedLength()));
    }

    /** Create a room with options (key=value pairs separated by commas) and take its first seat. */
    createRoom(gameType: string, options = "", privateRoom = false): Promise<JoinedRoom> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.remember(correlationId, this.createRoomEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue)
            .privateRoom(privateRoom ? BooleanType.TRUE : BooleanType.FALSE)
            .gameType(gameType).options(options)
            .encodedLength()));
    }

    /** Join the room the game's matchmaker picks among those whose metadata holds the filter, or create one. */
    matchRoom(gameType: string, filter = "", options = ""): Promise<JoinedRoom> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.matchRoomEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue)
            .gameType(gameType).filter(filter).options(options)
            .encodedLength());
    }

    joinByCode(joinCode: string): Promise<JoinedRoom> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.joinByCodeEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue).joinCode(joinCode)
            .encodedLength());
    }

    /**
     * Watch a public room without a seat (a spectator): the room's snapshots come to onRoomSnapshot as a member's do;
     * the answer's entityId is 0. leaveRoom() stops watching.
     */
    watchRoom(roomId: bigint): Promise<JoinedRoom> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.remember(correlationId, this.watchRoomEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue).roomId(roomId)
            .encodedLength()));
    }

    /** A page (1 to 16 rooms) of a game's open public rooms whose metadata holds every pair of the filter. */
    listRooms(gameType: string, filter = "", firstRoom = 0, pageSize = 16): Promise<RoomPage> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.listRoomsEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue)
            .firstRoom(firstRoom).pageSize(pageSize).gameType(gameType).filter(filter)
            .encodedLength());
    }

    leaveRoom(): Promise<void> {
        const correlationId = this.correlationId();
        return this.request(correlationId, () => this.leaveRoomEncoder
            .wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue)
            .encodedLength());
    }

    /** Real-time controls (the arena): thrust and turn in [-1, 1]. @return the input's sequence. */
    sendInput(thrust: number, turn: number, fire: boolean): bigint {
        const sequence = ++this.inputSequenceValue;
        this.inputEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .sessionId(this.sessionIdValue)
            .inputSequence(sequence)
            .clientTimestampNs(this.clockNs())
            .lastServerSequence(this.lastSequenceValue)
            .thrust(thrust)
            .turn(turn)
            .fire(fire ? BooleanType.TRUE : BooleanType.FALSE);
        this.send(this.inputEncoder.encodedLength());
        return sequence;
    }

    /** A move in a turn-based game; refused moves come back to onError with the returned correlation id. */
    turnAction(cell: number): bigint {
        const correlationId = this.correlationId();
        this.turnActionEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue).cell(cell);
        this.send(this.turnActionEncoder.encodedLength());
        return correlationId;
    }

    /** A game-defined message to the room; refusals come back to onError with the returned correlation id. */
    gameMessage(opcode: number, payload: Uint8Array): bigint {
        const correlationId = this.correlationId();
        this.gameMessageEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId).sessionId(this.sessionIdValue).opcode(opcode).payload(payload);
        this.send(this.gameMessageEncoder.encodedLength());
        return correlationId;
    }

    /** A round-trip probe; the Pong goes to onPong with the round trip. */
    ping(pingId: bigint): void {
        this.pingEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .sessionId(this.sessionIdValue).pingId(pingId).clientTimestampNs(this.clockNs());
        this.send(this.pingEncoder.encodedLength());
    }

    /** Send a frame as it is (tests of the engine's refusals). */
    sendRaw(bytes: Uint8Array): void {
        this.requireOpen().send(bytes);
        this.messagesSentValue++;
    }

    /** End the session (the engine saves the player's state) and close the socket. */
    close(): void {
        this.closing = true;
        if (this.resumeTimer !== undefined) {
            clearTimeout(this.resumeTimer);
            this.resumeTimer = undefined;
        }
        if (this.resumingValue && this.socket === null) {
            this.resumingValue = false;
            this.emit(() => this.listener.onClosed?.(1000, "closed while resuming"));
        }
        if (this.socket !== null && this.socket.readyState === OPEN && this.sessionIdValue !== 0n) {
            this.disconnectEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder).sessionId(this.sessionIdValue);
            this.send(this.disconnectEncoder.encodedLength());
        }
        this.socket?.close(1000, "bye");
    }

    /** Drop the socket without ending the session, as a lost network would (tests of resuming). */
    dropConnection(): void {
        this.socket?.close(4000, "dropped by the client");
    }

    sessionId(): bigint { return this.sessionIdValue; }
    playerId(): bigint { return this.playerIdValue; }
    roomId(): bigint { return this.roomIdValue; }
    /** The client's own entity in its room, 0 when in none or watching. */
    entityId(): number { return this.entityIdValue; }
    /** Whether the client watches a room without a seat. */
    isWatching(): boolean { return this.roomIdValue !== 0n && this.entityIdValue === 0; }
    joinCode(): string { return this.joinCodeValue; }
    /** The last per-client sequence received. */
    lastSequence(): bigint { return this.lastSequenceValue; }
    inputSequence(): bigint { return this.inputSequenceValue; }
    /** The last input of this client that a snapshot says the engine processed. */
    lastAckedInput(): bigint { return this.lastAckedInputValue; }
    lastRoundTripMs(): number { return this.lastRoundTripMsValue; }
    isConnected(): boolean { return this.socket !== null && this.socket.readyState === OPEN && this.sessionIdValue !== 0n; }
    isResuming(): boolean { return this.resumingValue; }
    declaredState(): DeclaredState { return this.declared; }
    /** Messages whose per-client sequence was not exactly one more than the last. */
    sequenceViolations(): number { return this.sequenceViolationsValue; }
    roomStreamGaps(): number { return this.roomStreamGapsValue; }
    roomStreamMessagesLost(): number { return this.roomStreamMessagesLostValue; }
    /** Snapshots the engine said it could not deliver (skippedCount). */
    declaredSkips(): number { return this.declaredSkipsValue; }
    invalidMessages(): number { return this.invalidMessagesValue; }
    roomStateInvalid(): number { return this.roomStateInvalidValue; }
    resumes(): number { return this.resumesValue; }
    /** Redirects followed to a session on another engine. */
    redirects(): number { return this.redirectsValue; }
    messagesReceived(): number { return this.messagesReceivedValue; }
    messagesSent(): number { return this.messagesSentValue; }
    /** Exceptions the listener threw (each thrown again as an uncaught error). */
    listenerErrors(): number { return this.listenerErrorsValue; }

    private open(): Promise<void> {
        return new Promise((resolve, reject) => {
            const socket = this.openSocket(this.url);
            socket.binaryType = "arraybuffer";
            socket.onopen = () => resolve();
            socket.onerror = () => reject(new Error("cannot open " + this.url));
            socket.onmessage = event => {
                if (socket === this.socket) {
                    this.onFrame(event.data);
                }
            };
            socket.onclose = event => this.onSocketClosed(socket, event.code, event.reason);
            this.socket = socket;
        });
    }

    /** Keep a copy of a request another engine may be the one to answer; returns the encoded length. */
    private remember(correlationId: bigint, encodedLength: number): number {
        this.roomRequest = new Uint8Array(this.sendBuffer.slice(0, MessageHeaderEncoder.ENCODED_LENGTH + encodedLength));
        this.roomRequestCorrelationId = correlationId;
        return encodedLength;
    }

    /**
     * The engine sent the client to another (the room is there, or the directory placed the new room there): leave
     * this engine, open a socket to the other, connect with the join ticket, and send the request again; its promise
     * settles with the other engine's answer. A Redirect that cannot be followed rejects the request.
     */
    private async followRedirect(
        correlationId: bigint, roomId: bigint, engineId: number, url: string, ticket: Uint8Array): Promise<void> {
        const request = this.roomRequest;
        if (request === null || correlationId !== this.roomRequestCorrelationId || !this.pending.has(correlationId)) {
            return; // an answer to a request no longer waited for
        }
        const fail = (code: ErrorCode, text: string) =>
            this.settle(correlationId, undefined, new RingsideError(code, text, correlationId));
        if (++this.redirectsInARow > 3) {
            fail(ErrorCode.REDIRECT_LOOP, "redirected more than three times in a row");
            return;
        }
        if (url === "") {
            fail(ErrorCode.NO_SUCH_ROOM, "the engine with the room has no WebSocket endpoint");
            return;
        }
        // leave this engine: the session ends there; this socket's closing is not a drop to resume from, and what
        // else waited for an answer from it gets none
        const old = this.socket;
        if (old !== null && old.readyState === OPEN) {
            this.disconnectEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder).sessionId(this.sessionIdValue);
            this.send(this.disconnectEncoder.encodedLength());
        }
        this.socket = null;
        this.sessionIdValue = 0n;
        old?.close(1000, "redirected");
        for (const [otherId, other] of this.pending) {
            if (otherId !== correlationId) {
                clearTimeout(other.timer);
                this.pending.delete(otherId);
                other.reject(new Error("the session moved to engine " + engineId + " before request " + otherId +
                    " was answered"));
            }
        }
        try {
            this.url = url;
            await this.open();
            const connectId = this.correlationId();
            this.connectEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
                .correlationId(connectId)
                .protocolVersion(SCHEMA_VERSION)
                .responseStreamId(0)
                .responseChannel(IN_BAND_RESPONSE_CHANNEL)
                .playerName(this.playerNameValue)
                .credentials(ticket);
            this.send(this.connectEncoder.encodedLength());
            await this.expect<Session>(connectId);
            // the request again, as it was, with the new session's id (right after the correlation id); its answer
            // has the whole request timeout from now
            new DataView(request.buffer).setBigInt64(MessageHeaderEncoder.ENCODED_LENGTH + 8, this.sessionIdValue, true);
            this.requireOpen().send(request);
            const waiting = this.pending.get(correlationId);
            if (waiting !== undefined) {
                clearTimeout(waiting.timer);
                waiting.timer = setTimeout(() => {
                    this.pending.delete(correlationId);
                    waiting.reject(new Error("no answer to request " + correlationId + " within " +
                        this.requestTimeoutMs + " ms"));
                }, this.requestTimeoutMs);
            }
            this.messagesSentValue++;
            this.redirectsValue++;
            this.emit(() => this.listener.onRedirected?.(engineId, roomId));
        } catch (error) {
            if (error instanceof RingsideError) {
                fail(error.code, "redirect to engine " + engineId + " refused: " + error.message);
            } else {
                fail(ErrorCode.NO_SUCH_ROOM, "redirect to engine " + engineId + " failed: " + String(error));
            }
        }
    }

    private correlationId(): bigint {
        return this.nextCorrelationId++;
    }

    /**
     * Encode and send, then wait for the answer (registered after the send: answers arrive as later events). A
     * request that cannot be encoded or sent is a rejected promise, and leaves nothing waiting.
     */
    private request<T>(correlationId: bigint, encode: () => number): Promise<T> {
        try {
            this.send(encode());
        } catch (error) {
            return Promise.reject(error);
        }
        return this.expect<T>(correlationId);
    }

    private expect<T>(correlationId: bigint): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(correlationId);
                reject(new Error("no answer to request " + correlationId + " within " + this.requestTimeoutMs + " ms"));
            }, this.requestTimeoutMs);
            this.pending.set(correlationId, { resolve: resolve as (value: unknown) => void, reject, timer });
        });
    }

    private settle(correlationId: bigint, value: unknown, error?: Error): boolean {
        const pending = this.pending.get(correlationId);
        if (pending === undefined) {
            return false;
        }
        this.pending.delete(correlationId);
        clearTimeout(pending.timer);
        if (error === undefined) {
            pending.resolve(value);
        } else {
            pending.reject(error);
        }
        return true;
    }

    private requireOpen(): WebSocketLike {
        if (this.socket === null || this.socket.readyState !== OPEN) {
            throw new Error("not connected");
        }
        return this.socket;
    }

    private send(length: number): void {
        // the socket copies what it is given; the scratch buffer is reused for the next message
        this.requireOpen().send(new Uint8Array(this.sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + length));
        this.messagesSentValue++;
    }

    private onFrame(data: unknown): void {
        this.messagesReceivedValue++;
        if (!(data instanceof ArrayBuffer)) {
            this.invalid("a frame that is not binary");
            return;
        }
        const view = new DataView(data);
        try {
            this.onMessage(view);
        } catch (error) {
            this.invalid(error instanceof Error ? error.message : String(error));
        }
    }

    private invalid(reason: string): void {
        this.invalidMessagesValue++;
        this.emit(() => this.listener.onInvalidMessage?.(reason));
    }

    private onMessage(view: DataView): void {
        if (view.byteLength < MessageHeaderDecoder.ENCODED_LENGTH) {
            this.invalid("shorter than a message header");
            return;
        }
        const header = this.headerDecoder.wrap(view, 0);
        if (header.schemaId() !== SCHEMA_ID) {
            this.invalid("schema " + header.schemaId());
            return;
        }
        const body = MessageHeaderDecoder.ENCODED_LENGTH;
        const blockLength = header.blockLength();
        const version = header.version();
        if (body + blockLength > view.byteLength) {
            this.invalid("block past the end of the frame");
            return;
        }
        switch (header.templateId()) {
            case TemplateId.SessionResult:
                this.onSessionResult(this.sessionResultDecoder.wrap(view, body, blockLength, version));
                break;
            case TemplateId.RoomJoined: {
                const joined = this.roomJoinedDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(joined.sequence());
                this.redirectsInARow = 0;
                this.roomIdValue = joined.roomId();
                this.entityIdValue = joined.entityId();
                this.joinCodeValue = joined.joinCode();
                this.lastRoomSequence = 0n;
                this.declared.reset(null, this.roomIdValue);
                const room: JoinedRoom = {
                    roomId: joined.roomId(),
                    entityId: joined.entityId(),
                    maxPlayers: joined.maxPlayers(),
                    playerCount: joined.playerCount(),
                    joinCode: joined.joinCode(),
                    gameType: joined.gameType(),
                };
                this.settle(joined.correlationId(), room);
                break;
            }
            case TemplateId.RoomLeft: {
                const left = this.roomLeftDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(left.sequence());
                this.roomIdValue = 0n;
                this.entityIdValue = 0;
                this.joinCodeValue = "";
                this.declared.reset(null, 0n);
                this.settle(left.correlationId(), undefined);
                this.emit(() => this.listener.onRoomLeft?.(left));
                break;
            }
            case TemplateId.Snapshot: {
                const snapshot = this.snapshotDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(snapshot.sequence());
                this.declaredSkipsValue += snapshot.skippedCount();
                this.lastAckedInputValue = snapshot.lastInputSequence();
                this.emit(() => this.listener.onSnapshot?.(snapshot));
                break;
            }
            case TemplateId.RoomSnapshot: {
                const snapshot = this.roomSnapshotDecoder.wrap(view, body, blockLength, version);
                if (snapshot.roomId() !== this.roomIdValue) {
                    break; // a room this client has left; the stream's tail
                }
                this.checkRoomSequence(snapshot.roomSequence());
                this.findOwnAck(snapshot.members());
                this.emit(() => this.listener.onRoomSnapshot?.(this.roomSnapshotDecoder.wrap(view, body, blockLength, version)));
                break;
            }
            case TemplateId.RoomStateSchema: {
                const declaration = this.roomStateSchemaDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(declaration.sequence());
                const roomId = declaration.roomId();
                try {
                    this.declared.reset(decodeStateSchema(declaration.schema()), roomId);
                } catch (error) {
                    this.declared.reset(null, roomId);
                    throw error;
                }
                break;
            }
            case TemplateId.RoomState: {
                const state = this.roomStateDecoder.wrap(view, body, blockLength, version);
                if (state.roomId() !== this.roomIdValue) {
                    break;
                }
                this.checkRoomSequence(state.roomSequence());
                this.findOwnAck(state.members());
                this.applyDeclared(state.roomId(), state.tick(), state.snapshotType(), readIds(state.removedEntities()),
                    state.entities());
                break;
            }
            case TemplateId.StateView: {
                const state = this.stateViewDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(state.sequence());
                this.declaredSkipsValue += state.skippedCount();
                this.lastAckedInputValue = state.lastInputSequence();
                this.applyDeclared(state.roomId(), state.tick(), state.snapshotType(), readIds(state.removedEntities()),
                    state.entities());
                break;
            }
            case TemplateId.GameEvent: {
                const event = this.gameEventDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(event.sequence());
                this.emit(() => this.listener.onGameEvent?.(event));
                break;
            }
            case TemplateId.RoomMessage: {
                const message = this.roomMessageDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(message.sequence());
                this.emit(() => this.listener.onRoomMessage?.(message));
                break;
            }
            case TemplateId.RoomList: {
                const list = this.roomListDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(list.sequence());
                const correlationId = list.correlationId();
                const page = { matchingCount: list.matchingCount(), firstRoom: list.firstRoom(), rooms: [] as ListedRoom[] };
                const rooms = list.rooms();
                const ids: { roomId: bigint; playerCount: number; maxPlayers: number }[] = [];
                while (rooms.hasNext()) {
                    rooms.next();
                    ids.push({ roomId: rooms.roomId(), playerCount: rooms.playerCount(), maxPlayers: rooms.maxPlayers() });
                }
                const metadata = list.metadata().split("\n");
                ids.forEach((room, i) => page.rooms.push({ ...room, metadata: metadata[i] ?? "" }));
                this.settle(correlationId, page);
                break;
            }
            case TemplateId.Redirect: {
                // decoded here, so that a message that does not decode is counted as invalid like any other
                const redirect = this.redirectDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(redirect.sequence());
                const correlationId = redirect.correlationId();
                const roomId = redirect.roomId();
                const engineId = redirect.engineId();
                redirect.ticketExpiresEpochMs();
                redirect.aeronEndpoint();
                const url = redirect.webSocketUrl();
                const ticket = redirect.ticket().slice();
                this.followRedirect(correlationId, roomId, engineId, url, ticket).catch(error => this.settle(
                    correlationId, undefined, error instanceof Error ? error : new Error(String(error))));
                break;
            }
            case TemplateId.Pong: {
                const pong = this.pongDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(pong.sequence());
                this.lastRoundTripMsValue = Number(this.clockNs() - pong.clientTimestampNs()) / 1e6;
                this.emit(() => this.listener.onPong?.(pong, this.lastRoundTripMsValue));
                break;
            }
            case TemplateId.Error: {
                const error = this.errorDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(error.sequence());
                const correlationId = error.correlationId();
                if (correlationId === this.roomRequestCorrelationId) {
                    this.redirectsInARow = 0; // the room request was answered, if not as hoped
                }
                const code = error.code();
                const text = error.text();
                if (correlationId === 0n || !this.settle(correlationId, undefined, new RingsideError(code, text, correlationId))) {
                    this.emit(() => this.listener.onError?.(this.errorDecoder.wrap(view, body, blockLength, version)));
                }
                break;
            }
            case TemplateId.ServerStatus: {
                const status = this.serverStatusDecoder.wrap(view, body, blockLength, version);
                this.checkSequence(status.sequence());
                this.emit(() => this.listener.onServerStatus?.(status));
                if (status.state() === ServerState.SHUTTING_DOWN) {
                    this.dropConnection(); // this engine is going; resume on the next one at the same address
                }
                break;
            }
            default:
                this.invalid("template " + header.templateId());
                break;
        }
    }

    /** A RoomState or StateView into the declared state: the listener hears of it, or it is counted as not applying. */
    private applyDeclared(
        roomId: bigint, tick: bigint, type: SnapshotType, removedIds: readonly number[], entries: Uint8Array): void {
        if (this.declared.apply(roomId, tick, type === SnapshotType.FULL, removedIds, entries)) {
            this.emit(() => this.listener.onRoomState?.(this.declared, this.lastAckedInputValue));
        } else {
            this.roomStateInvalidValue++;
        }
    }

    private onSessionResult(result: SessionResultDecoder): void {
        const correlationId = result.correlationId();
        const code = result.result();
        if (code !== ErrorCode.OK) {
            this.settle(correlationId, undefined, new RingsideError(code, "session refused", correlationId));
            return;
        }
        this.lastSequenceValue = result.sequence();
        this.sessionIdValue = result.sessionId();
        this.tokenHigh = result.resumeToken().high();
        this.tokenLow = result.resumeToken().low();
        this.playerIdValue = result.playerId();
        const session: Session = {
            sessionId: this.sessionIdValue,
            playerId: this.playerIdValue,
            tickIntervalNs: result.tickIntervalNs(),
        };
        this.settle(correlationId, session);
    }

    private checkSequence(sequence: bigint): void {
        if (sequence !== this.lastSequenceValue + 1n) {
            this.sequenceViolationsValue++;
        }
        this.lastSequenceValue = sequence;
    }

    private checkRoomSequence(sequence: bigint): void {
        if (this.lastRoomSequence !== 0n && sequence !== this.lastRoomSequence + 1n) {
            this.roomStreamGapsValue++;
            if (sequence > this.lastRoomSequence) {
                this.roomStreamMessagesLostValue += Number(sequence - this.lastRoomSequence - 1n);
            }
        }
        this.lastRoomSequence = sequence;
    }

    private findOwnAck(members: { hasNext(): boolean; next(): unknown; entityId(): number; lastInputSequence(): bigint }): void {
        while (members.hasNext()) {
            members.next();
            if (members.entityId() === this.entityIdValue) {
                this.lastAckedInputValue = members.lastInputSequence();
            }
        }
    }

    private onSocketClosed(socket: WebSocketLike, code: number, reason: string): void {
        if (socket !== this.socket) {
            return;
        }
        this.socket = null;
        for (const [correlationId, pending] of this.pending) {
            clearTimeout(pending.timer);
            pending.reject(new Error("the connection closed before request " + correlationId + " was answered"));
        }
        this.pending.clear();
        const canResume = !this.closing && this.sessionIdValue !== 0n && this.resumeWindowMs > 0;
        if (!canResume) {
            this.resumingValue = false;
            this.emit(() => this.listener.onClosed?.(code, reason));
            return;
        }
        if (!this.resumingValue) {
            this.resumingValue = true;
            this.resumeDeadlineMs = Date.now() + this.resumeWindowMs;
            this.resumeDelayMs = 50;
            this.emit(() => this.listener.onResuming?.("socket closed (" + code + (reason ? ": " + reason : "") + ")"));
        }
        this.scheduleResume();
    }

    /**
     * The one place a resume attempt is scheduled: after a socket of this session closed (the first drop, or a
     * failed attempt's socket), with the delay doubling up to a second, until the window passes.
     */
    private scheduleResume(): void {
        const delayMs = this.resumeDelayMs;
        this.resumeDelayMs = Math.min(delayMs * 2, 1000);
        if (Date.now() + delayMs > this.resumeDeadlineMs) {
            this.giveUpResuming("not resumed within " + this.resumeWindowMs + " ms", 1006);
            return;
        }
        this.resumeTimer = setTimeout(() => {
            this.resumeTimer = undefined;
            this.resume().catch(error => {
                if (error instanceof RingsideError && PERMANENT_REFUSALS.has(error.code)) {
                    this.giveUpResuming(error.message, 1000);
                }
                // otherwise the attempt's socket closes (or is closed below) and onSocketClosed schedules the next
                const socket = this.socket;
                if (socket !== null) {
                    socket.close(1000, "resume attempt failed");
                }
            });
        }, delayMs);
    }

    private giveUpResuming(reason: string, code: number): void {
        this.resumingValue = false;
        this.sessionIdValue = 0n;
        this.closing = true;
        this.emit(() => this.listener.onResumeFailed?.(reason));
        if (this.socket === null) {
            this.emit(() => this.listener.onClosed?.(code, reason));
        }
    }

    private async resume(): Promise<void> {
        if (this.closing) {
            return;
        }
        await this.open();
        const correlationId = this.correlationId();
        this.reconnectEncoder.wrapAndApplyHeader(this.sendView, 0, this.headerEncoder)
            .correlationId(correlationId)
            .sessionId(this.sessionIdValue);
        this.reconnectEncoder.resumeToken().high(this.tokenHigh).low(this.tokenLow);
        this.reconnectEncoder
            .lastSequenceSeen(this.lastSequenceValue)
            .protocolVersion(SCHEMA_VERSION)
            .responseStreamId(0)
            .responseChannel(IN_BAND_RESPONSE_CHANNEL);
        this.send(this.reconnectEncoder.encodedLength());
        const session = await this.expect<Session>(correlationId);
        this.resumingValue = false;
        this.resumesValue++;
        this.lastRoomSequence = 0n;
        this.emit(() => this.listener.onResumed?.(session));
    }

    /**
     * Call the application's listener: what it throws is its own bug, not a bad message, so it is counted and thrown
     * again outside the client's handling (an uncaught error, where the platform reports it).
     */
    private emit(call: () => void): void {
        try {
            call();
        } catch (error) {
            this.listenerErrorsValue++;
            queueMicrotask(() => {
                throw error;
            });
        }
    }
}

/** Refusals of a Reconnect that no later attempt can change; others (busy, shutting down) are tried again. */
const PERMANENT_REFUSALS = new Set<ErrorCode>([
    ErrorCode.AUTH_FAILED, ErrorCode.UNKNOWN_SESSION, ErrorCode.SESSION_MISMATCH, ErrorCode.UNSUPPORTED_VERSION,
]);

function readIds(group: { hasNext(): boolean; next(): unknown; entityId(): number }): number[] {
    const ids: number[] = [];
    while (group.hasNext()) {
        group.next();
        ids.push(group.entityId());
    }
    return ids;
}

function defaultWebSocket(url: string): WebSocketLike {
    const constructor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    if (constructor === undefined) {
        throw new Error("no global WebSocket: pass options.webSocket (on Node 20, run with --experimental-websocket)");
    }
    return new constructor(url);
}

function defaultClockNs(): bigint {
    return BigInt(Math.round(performance.now() * 1e6));
}
