import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the dashboard (README "Access"). On this machine alone (the default) anyone who can
 * reach the port may; a server reachable from elsewhere asks for a shared token, or trusts the
 * name a sign-in proxy in front of it sets, or both.
 */
export interface AccessConfig {
  /** The secret every /api and /export request carries (a bearer header or the cookie its link sets); null when none is asked for. */
  token: string | null;
  /** The header (lower case) in which a sign-in proxy names the person it signed in; null when no proxy is trusted. */
  trustedUserHeader: string | null;
}

/** No token and no proxy: for a server that only this machine can reach. */
export const OPEN_ACCESS: AccessConfig = { token: null, trustedUserHeader: null };

/** The header naming who makes a request: set by the dashboard from the name its user gives. */
export const USER_HEADER = 'x-leadlens-user';
export const ACCESS_COOKIE = 'leadlens_access';
/** Shorter secrets are guessable; `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_LENGTH = 16;
/** What a review records after a name that the token holder typed rather than a proxy vouched for. */
export const TOKEN_NAME_MARK = ' (via token)';

const COOKIE_DAYS = 30;
// An HTTP header name (RFC 9110 token).
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** The access settings from LEADLENS_ACCESS_TOKEN and LEADLENS_TRUSTED_USER_HEADER; throws on a weak token or a malformed header name. */
export function accessFromEnv(env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const token = env.LEADLENS_ACCESS_TOKEN?.trim() || null;
  if (token !== null && (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token))) {
    throw new Error(`LEADLENS_ACCESS_TOKEN must be at least ${MIN_TOKEN_LENGTH} printable characters with no spaces (for example the output of: openssl rand -hex 32)`);
  }
  const header = env.LEADLENS_TRUSTED_USER_HEADER?.trim() || null;
  if (header !== null && !HEADER_NAME.test(header)) {
    throw new Error(`LEADLENS_TRUSTED_USER_HEADER must be an HTTP header name such as X-Forwarded-User, not "${header}"`);
  }
  return { token, trustedUserHeader: header?.toLowerCase() ?? null };
}

export function isAccessControlled(access: AccessConfig): boolean {
  return access.token !== null || access.trustedUserHeader !== null;
}

/** A host name or address that only this machine can connect to: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

/** Why the server must not start listening on `host` with these settings, or null when it may. */
export function startRefusal(host: string, access: AccessConfig): string | null {
  if (isLoopbackHost(host) || isAccessControlled(access)) return null;
  return `refusing to listen on HOST=${host}: anyone who can reach it could read the warehouse and record reviews under any name. `
    + `Set LEADLENS_ACCESS_TOKEN (a shared secret of at least ${MIN_TOKEN_LENGTH} characters, e.g. from openssl rand -hex 32) `
    + 'or LEADLENS_TRUSTED_USER_HEADER (the header your sign-in proxy sets, e.g. X-Forwarded-User), or leave HOST unset to listen on 127.0.0.1 only.';
}

/**
 * A person's name as a header carries it (percent-encoded by the dashboard, so any script
 * survives HTTP's Latin-1 headers): letters, digits, spaces and . , ' @ _ + -, at most 100
 * characters; anything else is no name.
 */
export function userNameOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  let name: string | undefined;
  try { name = value === undefined ? undefined : decodeURIComponent(value).trim(); } catch { return null; }
  return name && name.length <= 100 && /^[\p{L}\p{N} .,'@_+-]+$/u.test(name) ? name : null;
}

/** Who a request comes from, once the access rules let it in. */
export interface Caller {
  /** The name review decisions record, or null when the request names no one. */
  userName: string | null;
  /** Loads and rebuilds are taken only from this machine's own connections to an open server (see trpc.ts). */
  isLocalCaller: boolean;
}

export type Admission = { admitted: true; caller: Caller } | { admitted: false; reason: string };

/** The access rules of one server, applied to each request. */
export class AccessGate {
  readonly config: AccessConfig;
  readonly #cookieValue: string | null;

  constructor(config: AccessConfig) {
    this.config = config;
    // the cookie holds a value derived from the token rather than the token itself
    this.#cookieValue = config.token === null ? null : createHmac('sha256', config.token).update('leadlens dashboard cookie').digest('hex');
  }

  /** Lets a request to /api or /export in, with who it comes from, or says why not. */
  admit(req: IncomingMessage): Admission {
    if (!isAccessControlled(this.config)) {
      return { admitted: true, caller: { userName: userNameOf(req.headers[USER_HEADER]), isLocalCaller: isLoopbackAddress(req.socket.remoteAddress) } };
    }
    if (this.config.token !== null && !this.#carriesToken(req)) {
      return { admitted: false, reason: 'this dashboard needs its access token: send "Authorization: Bearer <token>", or open the dashboard once at /?token=<token>' };
    }
    // Behind a proxy or with a token, loopback says nothing about who is calling (a proxy on this
    // machine connects from 127.0.0.1 for everyone): loads and rebuilds go to the CLI's own listener.
    if (this.config.trustedUserHeader !== null) {
      const userName = userNameOf(req.headers[this.config.trustedUserHeader]);
      if (userName === null) return { admitted: false, reason: `no signed-in user: this dashboard takes the user's name from the ${this.config.trustedUserHeader} header, which the sign-in proxy sets` };
      return { admitted: true, caller: { userName, isLocalCaller: false } };
    }
    const given = userNameOf(req.headers[USER_HEADER]);
    return { admitted: true, caller: { userName: given === null ? null : `${given}${TOKEN_NAME_MARK}`, isLocalCaller: false } };
  }

  /** True when `candidate` is this server's token (compared in constant time). */
  isToken(candidate: string): boolean {
    return this.config.token !== null && sameSecret(candidate, this.config.token);
  }

  /** The Set-Cookie value that lets a browser in after it opened /?token=<token>. */
  accessCookie(req: IncomingMessage): string {
    // behind a TLS-terminating proxy the browser speaks https: keep the cookie to it
    const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    return `${ACCESS_COOKIE}=${this.#cookieValue}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${COOKIE_DAYS * 24 * 60 * 60}${secure}`;
  }

  #carriesToken(req: IncomingMessage): boolean {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.isToken(bearer);
    const cookie = cookieValue(req.headers.cookie, ACCESS_COOKIE);
    return cookie !== null && this.#cookieValue !== null && sameSecret(cookie, this.#cookieValue);
  }
}

function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && isLoopbackHost(address);
}

/** Equal secrets, compared in time that depends on neither (both are hashed to the same length first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}
