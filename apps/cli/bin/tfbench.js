#!/usr/bin/env node
// The CLI runs compiled (see ./prebuilt.js) unless TFBENCH_CLI_PREBUILT=off or it cannot be
// compiled; then tsx compiles the TypeScript sources of the CLI and the workspace packages as
// they load.
import { prebuiltMain } from './prebuilt.js';

const prebuilt = process.env.TFBENCH_CLI_PREBUILT === 'off' ? null : await prebuiltMain();
if (prebuilt === null) (await import('tsx/esm/api')).register();
const { main } = await import(prebuilt ?? '../src/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: an in-process runtime may still hold timers while it winds down.
process.exit(code);
