#!/usr/bin/env node
// The workspace packages are TypeScript sources: tsx compiles them as they load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: an in-process runtime may still hold timers while it winds down.
process.exit(code);
