/**
 * For crash tests only: LEADLENS_PAUSE_AT=<phase> makes a load stop at that phase, inside its
 * transaction, and wait forever, so a test can kill the process exactly there.
 */
export type LoadPhase = 'staged' | 'history' | 'batch-recorded' | 'models-built';

export async function pauseForCrashTest(phase: LoadPhase): Promise<void> {
  if (process.env.LEADLENS_PAUSE_AT !== phase) return;
  process.stderr.write(`paused at ${phase}\n`);
  // a timer keeps the process alive (a promise alone would let Node exit, dropping the transaction)
  await new Promise(() => setInterval(() => undefined, 60_000));
}
