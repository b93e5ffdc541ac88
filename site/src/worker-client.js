// The page's side of a worker: request/response by id, results of requests
// older than the newest of the same operation dropped.
export class WorkerClient {
  // A worker the page started already (and sent its init) may be passed
  // as existing.
  constructor(scriptURL, wasmURL, existing = null) {
    this.worker = existing || new Worker(scriptURL, { type: 'module' });
    this.nextId = 1;
    this.pending = new Map();
    this.latest = new Map(); // op -> id of the newest request
    this.counts = {}; // op -> {ran, superseded}, as the worker last reported
    this.ready = new Promise((resolve, reject) => {
      const handle = (m) => {
        if (m.counts) this.counts = m.counts;
        if (m.type === 'ready') { resolve(); return; }
        if (m.type === 'fatal') { reject(new Error(m.error)); return; }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.superseded || this.latest.get(p.op) !== m.id && p.dropStale) p.resolve({ stale: true });
        else if (m.ok) p.resolve({ result: m.result, ms: m.ms });
        else p.reject(new Error(m.error));
      };
      this.worker.addEventListener('message', (e) => handle(e.data));
      this.worker.addEventListener('error', (e) => reject(new Error(e.message || 'worker failed to load')));
      if (existing && existing.early) {
        existing.onmessage = null;
        for (const m of existing.early.splice(0)) handle(m);
      }
    });
    if (!existing) this.worker.postMessage({ type: 'init', wasm: wasmURL });
  }

  // call resolves to {result, ms} or, for dropStale calls overtaken by a
  // newer one of the same op, to {stale: true}.
  call(op, req, { dropStale = false } = {}) {
    const id = this.nextId++;
    this.latest.set(op, id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op, resolve, reject, dropStale });
      this.worker.postMessage({ id, op, req });
    });
  }
}
