#!/usr/bin/env node
// Thin shim: everything lives in the bundled CLI; this only sets the exit code.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
