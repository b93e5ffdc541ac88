// Runs a Go WebAssembly program in this worker and relays the page's
// requests to the functions it exports. Only the newest of several queued
// requests of a coalescing operation runs; the others are answered
// "superseded" so the page never waits on stale work.
import 'wasm-exec';

export function host({ name, functions, coalesce = [] }) {
  let ready = null;
  let busy = false;
  const queue = [];

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
      while (queue.length > 0) {
        const msg = queue.shift();
        const fn = functions[msg.op];
        const t0 = performance.now();
        try {
          if (!fn || typeof globalThis[fn] !== 'function') throw new Error(`unknown operation ${msg.op}`);
          const out = await globalThis[fn](JSON.stringify(msg.req ?? {}));
          postMessage({ id: msg.id, ok: true, result: JSON.parse(out), ms: performance.now() - t0 });
        } catch (err) {
          postMessage({ id: msg.id, ok: false, error: String(err && err.message || err) });
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
          postMessage({ id: queue[i].id, ok: false, superseded: true });
          queue.splice(i, 1);
        }
      }
    }
    queue.push(msg);
    pump();
  };
}
