import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const LEADLENS_BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');

export interface LeadlensServer { server: ChildProcess; url: string; output: () => string }

/**
 * `leadlens start` on a warehouse, in a process of its own on a free port (PORT=0) with `env`;
 * resolves once it says where it serves, rejects if it exits first.
 */
export function startLeadlensServer(db: string, env: NodeJS.ProcessEnv = process.env): Promise<LeadlensServer> {
  const server = spawn(process.execPath, [LEADLENS_BIN, 'start', '--db', db], { env: { ...env, PORT: '0' } });
  let output = '';
  server.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolveStart, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/serving .* at (http:\/\/[\d.:]+)/)?.[1];
      if (url) resolveStart({ server, url, output: () => output });
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving: ${output}`)));
  });
}
