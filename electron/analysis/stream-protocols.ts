// The transports whose streams (tcp.stream, udp.stream) make conversations: what the Conversations
// table, the ladder and Follow Stream take. On its own so the contract (and the page) can name it
// without importing the analysis.

export const STREAM_PROTOCOLS = ['tcp', 'udp'] as const;
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

/** What Follow Stream follows: a transport's data, or the HTTP messages a TCP conversation carries. */
export const FOLLOW_PROTOCOLS = [...STREAM_PROTOCOLS, 'http'] as const;
export type FollowProtocol = (typeof FOLLOW_PROTOCOLS)[number];
