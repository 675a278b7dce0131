import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from './routers/app.ts';

/**
 * The one-writer design (DESIGN section 2): DuckDB lets one process open the file for writing and
 * then locks out every other, so a running server owns the warehouse and CLI commands hand their
 * work to it. The server says where it listens in a small file beside the warehouse.
 */
export interface ServerLock { pid: number; url: string; db: string; started_at: string }

export function serverLockPath(dbPath: string): string {
  return `${dbPath}.server.json`;
}

/** The server that owns this warehouse, or null when none runs (a lock whose pid is gone is stale). */
export function findRunningServer(dbPath: string): ServerLock | null {
  const path = serverLockPath(dbPath);
  if (!existsSync(path)) return null;
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as ServerLock;
    process.kill(lock.pid, 0);
    return lock;
  } catch {
    return null;
  }
}

export function writeServerLock(dbPath: string, url: string): void {
  const lock: ServerLock = { pid: process.pid, url, db: dbPath, started_at: new Date().toISOString() };
  writeFileSync(serverLockPath(dbPath), `${JSON.stringify(lock, null, 2)}\n`);
}

export function removeServerLock(dbPath: string): void {
  const lock = findRunningServer(dbPath);
  if (!lock || lock.pid === process.pid) rmSync(serverLockPath(dbPath), { force: true });
}

/** A tRPC client to the server that owns the warehouse. */
export function serverClient(lock: ServerLock) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${lock.url}/api` })] });
}
