#!/usr/bin/env node
// The package's command: `npx leadlens <start|ingest|report|build-models|demo|bench>`.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
