// A client's picture of its room's declared state, for any game that declares one: the declaration from the
// RoomStateSchema received at join, and every entity as the room's RoomState (or the client's StateView) messages
// left it, by id, with its type and its fields by name. The layouts are the engine's StateSchemaCodec (the
// declaration) and StateWire (the entries); the TypeScript twin of the Java client's DeclaredState.

/** How a declared field is carried; the order is the engine's FieldKind. */
export enum FieldKind {
    FLOAT32 = 0,
    QUANTIZED16 = 1,
    INT32 = 2,
    INT16 = 3,
    UINT8 = 4,
    BOOL = 5,
    BYTES = 6,
}

const FIXED_LENGTH = [4, 2, 4, 2, 1, 1, 0];
// the engine's StateSchema limits, checked here as its builder checks them
const MAX_TYPES = 64;
const MAX_FIELDS = 32;
const MAX_NAME_LENGTH = 32;
const MAX_BYTES_FIELD_LENGTH = 64;
const QUANTIZED_STEPS = 65535;
const ENTRY_HEADER_LENGTH = 9;
const FLAG_ROOM_STATE = 1;

export interface DeclaredField {
    readonly name: string;
    readonly index: number;
    readonly kind: FieldKind;
    /** Bytes on the wire and in an entity's record. */
    readonly length: number;
    /** Where the field lies in an entity's record. */
    readonly offset: number;
    /** QUANTIZED16 only: the declared range. */
    readonly min: number;
    readonly max: number;
}

export interface DeclaredType {
    readonly typeId: number;
    readonly name: string;
    /** The room's own state (one per room) rather than an entity type. */
    readonly roomState: boolean;
    readonly fields: readonly DeclaredField[];
    readonly recordLength: number;
}

export interface StateSchema {
    readonly types: readonly DeclaredType[];
}

/** Thrown for bytes that are not a valid declaration. */
export class StateSchemaError extends Error {
}

/** Read a declaration (the RoomStateSchema message's schema bytes), checking every length. */
export function decodeStateSchema(bytes: Uint8Array): StateSchema {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const utf8 = new TextDecoder("utf-8"); // as Java's String: malformed bytes become U+FFFD
    let at = 0;
    const need = (count: number): void => {
        if (bytes.byteLength - at < count) {
            throw new StateSchemaError("schema ends early");
        }
    };
    const uint8 = (): number => {
        need(1);
        return view.getUint8(at++);
    };
    const float32 = (): number => {
        need(4);
        const value = view.getFloat32(at, true);
        at += 4;
        return value;
    };
    const name = (): string => {
        const length = uint8();
        if (length < 1 || length > MAX_NAME_LENGTH) {
            throw new StateSchemaError("a name is 1.." + MAX_NAME_LENGTH + " bytes, not " + length);
        }
        need(length);
        const text = utf8.decode(bytes.subarray(at, at + length));
        at += length;
        return text;
    };

    const types: DeclaredType[] = [];
    const typeCount = uint8();
    if (typeCount < 1 || typeCount > MAX_TYPES) {
        throw new StateSchemaError(typeCount + " types: a declaration has 1.." + MAX_TYPES);
    }
    for (let typeId = 0; typeId < typeCount; typeId++) {
        const flags = uint8();
        const typeName = name();
        if (types.some(t => t.name === typeName)) {
            throw new StateSchemaError("entity type declared twice: " + typeName);
        }
        const fieldCount = uint8();
        if (fieldCount > MAX_FIELDS) {
            throw new StateSchemaError(typeName + ": " + fieldCount + " fields, at most " + MAX_FIELDS);
        }
        const fields: DeclaredField[] = [];
        let offset = 0;
        for (let index = 0; index < fieldCount; index++) {
            const kind = uint8();
            const fieldName = name();
            if (fields.some(f => f.name === fieldName)) {
                throw new StateSchemaError("field declared twice: " + typeName + "." + fieldName);
            }
            if (kind >= FIXED_LENGTH.length) {
                throw new StateSchemaError("unknown field kind " + kind + " for " + typeName + "." + fieldName);
            }
            let min = 0;
            let max = 0;
            let length = FIXED_LENGTH[kind];
            if (kind === FieldKind.QUANTIZED16) {
                min = float32();
                max = float32();
                if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
                    throw new StateSchemaError(typeName + "." + fieldName + ": bad range " + min + ".." + max);
                }
            } else if (kind === FieldKind.BYTES) {
                length = uint8();
                if (length < 1 || length > MAX_BYTES_FIELD_LENGTH) {
                    throw new StateSchemaError(typeName + "." + fieldName + ": length must be 1.." +
                        MAX_BYTES_FIELD_LENGTH + ": " + length);
                }
            }
            fields.push({ name: fieldName, index, kind, length, offset, min, max });
            offset += length;
        }
        types.push({ typeId, name: typeName, roomState: (flags & FLAG_ROOM_STATE) !== 0, fields, recordLength: offset });
    }
    if (at !== bytes.byteLength) {
        throw new StateSchemaError((bytes.byteLength - at) + " bytes after the schema");
    }
    return { types };
}

/** One entity of a declared type; its fields read by name. */
export class DeclaredEntity {
    private readonly record: DataView;

    constructor(readonly id: number, readonly type: DeclaredType) {
        this.record = new DataView(new ArrayBuffer(Math.max(1, type.recordLength)));
    }

    /** A FLOAT32 field, or a QUANTIZED16 field's value. */
    getFloat(fieldName: string): number {
        const field = this.field(fieldName);
        switch (field.kind) {
            case FieldKind.FLOAT32:
                return this.record.getFloat32(field.offset, true);
            case FieldKind.QUANTIZED16:
            {
                // the engine's float arithmetic, step by step: min + step * ((max - min) / steps)
                const scale = Math.fround(Math.fround(field.max - field.min) / QUANTIZED_STEPS);
                return Math.fround(field.min + Math.fround(this.record.getUint16(field.offset, true) * scale));
            }
            default:
                throw new TypeError(fieldName + " is a " + FieldKind[field.kind] + ", not a float");
        }
    }

    /** An INT32, INT16 or UINT8 field. */
    getInt(fieldName: string): number {
        const field = this.field(fieldName);
        switch (field.kind) {
            case FieldKind.INT32:
                return this.record.getInt32(field.offset, true);
            case FieldKind.INT16:
                return this.record.getInt16(field.offset, true);
            case FieldKind.UINT8:
                return this.record.getUint8(field.offset);
            default:
                throw new TypeError(fieldName + " is a " + FieldKind[field.kind] + ", not an int");
        }
    }

    getBoolean(fieldName: string): boolean {
        const field = this.field(fieldName);
        if (field.kind !== FieldKind.BOOL) {
            throw new TypeError(fieldName + " is a " + FieldKind[field.kind] + ", not a boolean");
        }
        return this.record.getUint8(field.offset) !== 0;
    }

    /** A BYTES field's bytes, copied. */
    getBytes(fieldName: string): Uint8Array {
        const field = this.field(fieldName);
        if (field.kind !== FieldKind.BYTES) {
            throw new TypeError(fieldName + " is a " + FieldKind[field.kind] + ", not bytes");
        }
        return new Uint8Array(this.record.buffer.slice(field.offset, field.offset + field.length));
    }

    /** @internal copy one field's bytes in from a message. */
    copyField(field: DeclaredField, from: Uint8Array, at: number): void {
        new Uint8Array(this.record.buffer, field.offset, field.length).set(from.subarray(at, at + field.length));
    }

    private field(fieldName: string): DeclaredField {
        const field = this.type.fields.find(f => f.name === fieldName);
        if (field === undefined) {
            throw new TypeError(this.type.name + " has no field " + fieldName);
        }
        return field;
    }
}

/**
 * The room's declared state as the messages applied so far left it. A message whose entries do not match the
 * declaration changes nothing and is refused (apply returns false).
 */
export class DeclaredState {
    private schemaValue: StateSchema | null = null;
    private roomIdValue = 0n;
    private tickValue = 0n;
    private readonly byId = new Map<number, DeclaredEntity>();

    schema(): StateSchema | null {
        return this.schemaValue;
    }

    roomId(): bigint {
        return this.roomIdValue;
    }

    /** The room tick of the last message applied. */
    tick(): bigint {
        return this.tickValue;
    }

    entity(entityId: number): DeclaredEntity | undefined {
        return this.byId.get(entityId);
    }

    entityCount(): number {
        return this.byId.size;
    }

    /** The entities of a type, by id. */
    entities(typeName: string): DeclaredEntity[] {
        return [...this.byId.values()].filter(e => e.type.name === typeName).sort((a, b) => a.id - b.id);
    }

    /** A new room (or none): its declaration, no entities yet. */
    reset(schema: StateSchema | null, roomId: bigint): void {
        this.schemaValue = schema;
        this.roomIdValue = roomId;
        this.tickValue = 0n;
        this.byId.clear();
    }

    /**
     * Apply one RoomState or StateView: a FULL replaces every entity, a DELTA changes the fields it lists and removes
     * the entities listed as removed.
     *
     * @return false when the entries do not match the declaration (nothing was changed).
     */
    apply(roomId: bigint, tick: bigint, full: boolean, removedIds: readonly number[], entries: Uint8Array): boolean {
        const schema = this.schemaValue;
        if (schema === null || roomId !== this.roomIdValue || !valid(schema, entries)) {
            return false;
        }
        if (full) {
            this.byId.clear();
        }
        for (const id of removedIds) {
            this.byId.delete(id);
        }
        const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
        for (let at = 0; at < entries.byteLength;) {
            const entityId = view.getInt32(at, true);
            const type = schema.types[view.getUint8(at + 4)];
            const mask = view.getUint32(at + 5, true);
            let entity = this.byId.get(entityId);
            if (entity === undefined || entity.type !== type) {
                entity = new DeclaredEntity(entityId, type);
                this.byId.set(entityId, entity);
            }
            at += ENTRY_HEADER_LENGTH;
            for (const field of type.fields) {
                if ((mask & (1 << field.index)) !== 0) {
                    entity.copyField(field, entries, at);
                    at += field.length;
                }
            }
        }
        this.tickValue = tick;
        return true;
    }
}

function valid(schema: StateSchema, entries: Uint8Array): boolean {
    const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    const length = entries.byteLength;
    let at = 0;
    while (at < length) {
        if (length - at < ENTRY_HEADER_LENGTH) {
            return false;
        }
        const type = schema.types[view.getUint8(at + 4)];
        if (type === undefined) {
            return false;
        }
        const mask = view.getUint32(at + 5, true);
        const all = type.fields.length === 32 ? 0xffffffff : (2 ** type.fields.length) - 1;
        if ((mask & ~all) >>> 0 !== 0) {
            return false;
        }
        at += ENTRY_HEADER_LENGTH;
        for (const field of type.fields) {
            if ((mask & (1 << field.index)) !== 0) {
                at += field.length;
            }
        }
        if (at > length) {
            return false;
        }
    }
    return true;
}
