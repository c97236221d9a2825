// What the Socket Lab says to a student, by stable id: one sentence per step kind and the comments
// its packets carry. Code chooses an id and its parameters; the English words are declared here in
// the catalog (electron/text/catalog.ts), and translations are data under the same ids.

import { declareText, sayMessage } from '../text/catalog.js';

export interface LabMessage {
  id: LabMessageId;
  params: Record<string, string | number>;
}

const EN = {
  'lab.packet.byCall': '{side}: {call}()',
  'lab.packet.byKernel': "{sender}'s kernel answering ({side} called {call}())",
  'lab.socket': 'socket() created an endpoint, descriptor {fd}. Nothing is sent: a socket is only the program\'s handle on the network until it is bound or connected.',
  'lab.setsockopt.reuseaddr': 'SO_REUSEADDR lets bind() take a local port that a connection in TIME-WAIT still holds. Nothing is sent.',
  'lab.setsockopt.linger': 'SO_LINGER is set to {seconds} s. With 0, close() aborts the connection with a RST instead of closing it with a FIN.',
  'lab.bind': 'bind() gave the socket its local address {address}:{port}. Nothing is sent: bind() only names this end.',
  'lab.bind.addrinuse': 'bind() failed with EADDRINUSE: another socket holds port {port}.',
  'lab.bind.addrinuse.timeWait': 'bind() failed with EADDRINUSE: the kernel still holds port {port} for a connection in TIME-WAIT ({seconds} s left). A server that sets SO_REUSEADDR before every bind() can take its port back while the old connection waits.',
  'lab.listen': 'listen({backlog}) made the socket a listening (passive) one. Nothing is sent; from now on this side\'s kernel answers SYNs on its own and queues completed connections for accept().',
  'lab.accept': 'accept() took the first connection from the accept queue and returned a new socket connected to {peer}. The listening socket is unchanged and can accept again.',
  'lab.accept.notListening': 'accept() failed with EINVAL: the socket is not listening. A server must call listen() before accept().',
  'lab.connect.tcp': 'connect() sent a SYN; the server\'s kernel answered SYN-ACK without the server program doing anything, and connect() returned once the client\'s ACK completed the three-way handshake.',
  'lab.connect.tcp.queued': 'connect() sent a SYN; the server\'s kernel answered SYN-ACK on its own, and connect() returned once the client\'s ACK completed the handshake. The server program has not called accept(): the connection waits in the listening socket\'s accept queue (its Recv-Q).',
  'lab.connect.udp': 'connect() on a UDP socket sends nothing: it only fixes the peer, so send() and recv() can be used, and errors about that peer (an ICMP port unreachable) are reported on the next call.',
  'lab.connect.refused': 'connect() failed with ECONNREFUSED: nothing listens on port {port}, so the kernel answered the SYN with a RST.',
  'lab.connectEx.refused': 'connect_ex() returned {result} ({code}) instead of raising an exception: the same refusal (SYN answered by RST), given as a number.',
  'lab.connectEx.ok': 'connect_ex() returned 0: the handshake completed, as with connect().',
  'lab.send': '{call}() handed {count} bytes to the kernel, which sent them in a segment; the peer\'s kernel acknowledged them before the peer program read anything.',
  'lab.send.udp': 'send() sent one datagram of {count} bytes to the connected peer: no handshake, no acknowledgement.',
  'lab.send.refused': '{call}() failed with ECONNREFUSED: an earlier datagram to this peer was answered by an ICMP port unreachable, and the kernel reports that error on the next call on the connected socket.',
  'lab.send.reset': '{call}() failed with {code}: the peer reset the connection.',
  'lab.sendto': 'sendto() sent one datagram of {count} bytes to {address}:{port}: no connection, no handshake, nothing acknowledged.',
  'lab.recv': 'recv({bufsize}) returned {length} bytes.',
  'lab.recv.partial': 'recv({bufsize}) returned {length} bytes, fewer than are waiting: TCP is a byte stream, and a read takes what fits in its buffer; the rest waits in the kernel (Recv-Q {left}) for the next recv().',
  'lab.recv.eof': 'recv() returned b\'\' (empty): the peer sent a FIN and will send nothing more. This is how a program learns that the other side has closed.',
  'lab.recv.timeout': 'recv() gave up when the time set with settimeout() ran out: no data arrived (Python raises TimeoutError).',
  'lab.recv.wouldBlock': 'recv() on a non-blocking socket with nothing to read fails at once with {code} (Python: BlockingIOError) instead of waiting.',
  'lab.recv.refused': 'recv() failed with ECONNREFUSED: the datagram sent before was answered by an ICMP port unreachable, reported on this next call.',
  'lab.recv.reset': 'recv() failed with {code}: the peer aborted the connection with a RST.',
  'lab.recvfrom': 'recvfrom() returned one whole datagram of {length} bytes from {peer}: UDP keeps message boundaries.',
  'lab.shutdown.wr': 'shutdown(SHUT_WR) sent a FIN: this side will send no more, but it can still receive.',
  'lab.shutdown.rd': 'shutdown(SHUT_RD) sends nothing: from now on reads on this socket return b\'\' at once.',
  'lab.shutdown.rdwr': 'shutdown(SHUT_RDWR) sent a FIN and ended reading too, while the socket itself stays open until close().',
  'lab.close.timeWait': 'close() released the descriptor and the kernel sent a FIN. This side closed first (the active close), so its kernel keeps the connection in TIME-WAIT for {seconds} s: the port pair cannot be reused meanwhile.',
  'lab.close.alreadyTimeWait': 'close() released the descriptor; nothing more was sent. This side sent its FIN first (the active close), so its kernel already holds the connection in TIME-WAIT, for {seconds} s more.',
  'lab.close.fin': 'close() released the descriptor and the kernel sent a FIN to end the connection.',
  'lab.close.reset': 'close() aborted the connection: the kernel sent a RST instead of a FIN (unread data was left, or SO_LINGER was 0). The peer\'s next call fails with ECONNRESET.',
  'lab.close.listening': 'close() of the listening socket: the port is free again, and connections still waiting in its accept queue are reset.',
  'lab.close.quiet': 'close() released the descriptor. Nothing was sent: the socket had no connection to end (it never connected, or the connection was reset).',
  'lab.close.udp': 'close() released the descriptor. UDP has no connection to end, so nothing was sent.',
  'lab.close.afterPeer': 'close() released the descriptor and the kernel sent its FIN. The peer closed first, so this side does not wait in TIME-WAIT.',
  'lab.settimeout': 'settimeout({seconds}): blocking calls on this socket now give up after {seconds} s. Nothing is sent.',
  'lab.settimeout.nonBlocking': 'settimeout(0) made the socket non-blocking: calls that would wait fail at once instead. Nothing is sent.',
  'lab.settimeout.blocking': 'settimeout(None) made the socket blocking again: calls wait as long as it takes. Nothing is sent.',
  'lab.setblocking': 'setblocking({flag}) made the socket {mode}. Nothing is sent.',
  'lab.failed': '{call}() failed with {code}: {message}.',
  'lab.done': '{call}() returned.',
} as const;

export type LabMessageId = keyof typeof EN;

for (const [id, en] of Object.entries(EN)) declareText(id, en);

/** The sentence for `message` in the current language, its parameters filled in. */
export function formatLabMessage(message: LabMessage): string {
  return sayMessage(message);
}
