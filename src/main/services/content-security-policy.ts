/**
 * The renderer's Content-Security-Policy, the same under Electron and the bridge: only the app's
 * own scripts, workers from itself or blob: (three.js and the sim worker), no plugins, no framing.
 * 'unsafe-inline' styles: React's style props are set through the CSSOM and need nothing, but
 * three.js and R3F inject small style elements.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
