// The Ringside client: the protocol's generated codecs, the WebSocket client, and declared-state decoding.
export * from "./generated/protocol.js";
export * from "./client.js";
export * from "./declared-state.js";
