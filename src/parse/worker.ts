// Worker entry for deep expressions: runs parseSyntax on a thread whose stack
// was sized for the nesting, then posts the flat list (or the error) back.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { InputError } from './errors.js';
import { parseSyntax } from './syntax.js';

const { source, port, signal } = workerData as { source: string; port: MessagePort; signal: Int32Array };
let message: unknown;
try {
  message = { ok: parseSyntax(source) };
} catch (e) {
  if (e instanceof InputError) message = { error: { kind: e.kind, message: e.message, offset: e.offset } };
  else if (e instanceof RangeError) message = { tooDeep: true };
  else message = { crash: String(e instanceof Error ? e.stack : e) };
}
port.postMessage(message);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
void parentPort;
