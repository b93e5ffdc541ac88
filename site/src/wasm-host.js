// Runs a Go WebAssembly program in this worker and relays the page's
// requests to the functions it exports. Only the newest of several queued
// requests of a coalescing operation runs; the others are answered
// "superseded" so the page never waits on stale work.
//
// While Go code runs, the worker receives no message: the requests sent
// meanwhile wait in the event loop's task queue, not in queue below. So
// before taking the next request, pump yields one macrotask (a
// MessageChannel round trip, which the browser queues behind the messages
// already waiting), letting onmessage see every waiting request and drop all
// but the newest. Without the yield the continuation after one request runs
// as a microtask and finds queue empty, and each waiting message then
// starts its own run in turn.
import 'wasm-exec';

const channel = new MessageChannel();
const yielded = [];
channel.port1.onmessage = () => yielded.shift()();
function yieldToEventLoop() {
  return new Promise((resolve) => { yielded.push(resolve); channel.port2.postMessage(null); });
}

export function host({ name, functions, coalesce = [] }) {
  let ready = null;
  let busy = false;
  const queue = [];
  // What the worker did with each operation's requests, sent with every
  // answer: the tests count runs, not time.
  const counts = {};
  const count = (op, what) => { counts[op] ??= { ran: 0, superseded: 0 }; counts[op][what]++; };

  function start(wasmURL) {
    ready = new Promise((resolve, reject) => {
      globalThis.ninesReady = (who) => { if (who === name) resolve(); };
      const go = new globalThis.Go();
      WebAssembly.instantiateStreaming(fetch(wasmURL), go.importObject)
        .then(({ instance }) => {
          go.run(instance).then(() => reject(new Error(`${name} worker: the Go program exited`)));
        })
        .catch(reject);
    });
    ready.then(
      () => postMessage({ type: 'ready' }),
      (err) => postMessage({ type: 'fatal', error: String(err && err.message || err) }),
    );
  }

  async function pump() {
    if (busy) return;
    busy = true;
    try {
      await ready;
      for (;;) {
        await yieldToEventLoop();
        if (queue.length === 0) break;
        const msg = queue.shift();
        count(msg.op, 'ran');
        const fn = functions[msg.op];
        const t0 = performance.now();
        try {
          if (!fn || typeof globalThis[fn] !== 'function') throw new Error(`unknown operation ${msg.op}`);
          const out = await globalThis[fn](JSON.stringify(msg.req ?? {}));
          postMessage({ id: msg.id, ok: true, result: JSON.parse(out), ms: performance.now() - t0, counts });
        } catch (err) {
          postMessage({ id: msg.id, ok: false, error: String(err && err.message || err), counts });
        }
      }
    } catch (err) {
      for (const msg of queue.splice(0)) postMessage({ id: msg.id, ok: false, error: String(err && err.message || err) });
    } finally {
      busy = false;
    }
  }

  self.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === 'init') { start(msg.wasm); return; }
    if (coalesce.includes(msg.op)) {
      for (let i = queue.length - 1; i >= 0; i--) {
        if (queue[i].op === msg.op) {
          count(msg.op, 'superseded');
          postMessage({ id: queue[i].id, ok: false, superseded: true, counts });
          queue.splice(i, 1);
        }
      }
    }
    queue.push(msg);
    pump();
  };
}
