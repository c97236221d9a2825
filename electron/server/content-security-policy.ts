// The Content-Security-Policy of Layerscope's UI, in Electron and in browser mode alike: scripts
// only from the app itself, no eval, no plugins, no framing, network only to the app's own
// service. Inline styles stay allowed because Svelte writes element styles (layer colours, widths).

/** `connect` lists extra sources the page may connect to (browser mode's WebSocket URL). */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${connect.map((c) => ' ' + c).join('')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
