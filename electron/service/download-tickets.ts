// Browser mode's downloads: the page asks for one over the authenticated WebSocket and gets a
// single-use address that expires within a minute, so no reusable credential ever sits in a URL
// the browser keeps in its download history, and nothing but the page can start one.

import { randomBytes } from 'node:crypto';
import type { ExportChoice } from './layerscope-service.js';

export type DownloadFormat = 'pcapng' | 'pcap';

/** What a ticket downloads: the format, and which packets. */
export interface DownloadRequest {
  format: DownloadFormat;
  choice: ExportChoice;
}

/** How long a ticket may wait for its download to start. */
export const TICKET_LIFETIME_MS = 60_000;
/** Tickets outstanding at most: older ones are dropped first. */
export const MAX_TICKETS = 16;

export class DownloadTickets {
  private readonly tickets = new Map<string, { request: DownloadRequest; expires: number }>();

  /** A new ticket for one download of the session's packets in `format` (all, or those `packets` names). */
  issue(format: DownloadFormat, now = Date.now(), choice: ExportChoice = { packets: { which: 'all' }, leaveOutIgnored: false }): string {
    this.drop(now);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { request: { format, choice }, expires: now + TICKET_LIFETIME_MS });
    while (this.tickets.size > MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    return ticket;
  }

  /** What a live ticket was issued for, using it up; undefined for an unknown, used or expired one. */
  take(ticket: string, now = Date.now()): DownloadRequest | undefined {
    this.drop(now);
    const found = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return found?.request;
  }

  private drop(now: number): void {
    for (const [ticket, { expires }] of this.tickets) if (expires <= now) this.tickets.delete(ticket);
  }
}
