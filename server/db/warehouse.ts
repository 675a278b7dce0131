import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { toPlainRows, type PlainRow } from './values.ts';

export const DEFAULT_DB_PATH = 'data/leadlens.duckdb';

/** The warehouse file a command uses: --db, else LEADLENS_DB, else data/leadlens.duckdb. */
export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.LEADLENS_DB ?? DEFAULT_DB_PATH);
}

export type SqlParams = DuckDBValue[];

/**
 * One open warehouse file. DuckDB must see one instance per file per process (a second
 * instance silently loses writes), so the instance comes from DuckDB's cache.
 */
export class Warehouse {
  private readers: DuckDBConnection[] = [];
  private nextReader = 0;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private inFlight = new Set<Promise<unknown>>();
  private closing = false;
  /** Called with every read's SQL; the bench uses it to time the same SQL on DuckDB directly. */
  onRead?: (sql: string, params: SqlParams) => void;

  private constructor(readonly path: string, private instance: DuckDBInstance, private writer: DuckDBConnection) {}

  static async open(path: string, options: { readers?: number } = {}): Promise<Warehouse> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.fromCache(path);
    const writer = await instance.connect();
    const warehouse = new Warehouse(path, instance, writer);
    for (let i = 0; i < (options.readers ?? 2); i++) warehouse.readers.push(await instance.connect());
    for (const connection of [writer, ...warehouse.readers]) await connection.run("set TimeZone = 'UTC'");
    return warehouse;
  }

  /** Reads on a reader connection: it sees the last committed state, never a load in progress. */
  async query(sql: string, params: SqlParams = []): Promise<PlainRow[]> {
    if (this.closing) throw new Error('the warehouse is closing: the server is stopping');
    const connection = this.readers[this.nextReader++ % this.readers.length];
    this.onRead?.(sql, params);
    const reading = connection.runAndReadAll(sql, params);
    this.inFlight.add(reading);
    try {
      return toPlainRows(await reading);
    } finally {
      this.inFlight.delete(reading);
    }
  }

  /**
   * Runs work that writes, one at a time, in a single transaction on the writer connection:
   * committed whole or rolled back whole.
   */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.closing) throw new Error('the warehouse is closing: the server is stopping');
      await this.writer.run('begin transaction');
      try {
        const result = await work(new WriteTransaction(this.writer));
        await this.writer.run('commit');
        return result;
      } catch (error) {
        await this.writer.run('rollback');
        throw error;
      }
    };
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * For a server that is asked to stop: refuses new work, interrupts the reads and the write in
   * progress (a load is rolled back whole), waits for them to give up, then closes. Closing while
   * a read's rows are still being fetched would wait for that read forever (they are fetched on
   * this thread). Work that does not give up within `timeoutMs` is left to the process's exit, as
   * after a crash: nothing uncommitted is kept. Says whether it closed.
   */
  async closeWhenIdle(timeoutMs = 10_000): Promise<boolean> {
    this.closing = true;
    for (const connection of [this.writer, ...this.readers]) connection.interrupt();
    const idle = (async () => {
      await this.writeQueue;
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      return true;
    })();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const closed = await Promise.race([idle, gaveUp]);
    clearTimeout(timer);
    if (closed) this.close();
    return closed;
  }

  /** Closes its connections and lets go of the database, so the file's lock is released once no one else holds it. */
  close(): void {
    for (const connection of [this.writer, ...this.readers]) connection.closeSync();
    this.readers = [];
    this.instance.closeSync();
  }
}

/** The writer connection while a transaction is open. */
export class WriteTransaction {
  constructor(private connection: DuckDBConnection) {}

  async run(sql: string, params: SqlParams = []): Promise<void> {
    await this.connection.run(sql, params);
  }

  async query(sql: string, params: SqlParams = []): Promise<PlainRow[]> {
    return toPlainRows(await this.connection.runAndReadAll(sql, params));
  }
}
