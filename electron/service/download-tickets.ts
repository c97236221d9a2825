// Browser mode's downloads: the page asks for one over the authenticated WebSocket and gets a
// single-use address that expires within a minute, so no reusable credential ever sits in a URL
// the browser keeps in its download history, and nothing but the page can start one.

import { randomBytes } from 'node:crypto';

export type DownloadFormat = 'pcapng' | 'pcap';

/** How long a ticket may wait for its download to start. */
export const TICKET_LIFETIME_MS = 60_000;
/** Tickets outstanding at most: older ones are dropped first. */
export const MAX_TICKETS = 16;

export class DownloadTickets {
  private readonly tickets = new Map<string, { format: DownloadFormat; expires: number }>();

  /** A new ticket for one download of the session's packets in `format`. */
  issue(format: DownloadFormat, now = Date.now()): string {
    this.drop(now);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { format, expires: now + TICKET_LIFETIME_MS });
    while (this.tickets.size > MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    return ticket;
  }

  /** The format a live ticket was issued for, using it up; undefined for an unknown, used or expired one. */
  take(ticket: string, now = Date.now()): DownloadFormat | undefined {
    this.drop(now);
    const found = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return found?.format;
  }

  private drop(now: number): void {
    for (const [ticket, { expires }] of this.tickets) if (expires <= now) this.tickets.delete(ticket);
  }
}
