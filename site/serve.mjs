// Serves dist/ on localhost like a static host would: the precompressed
// .br or .gz beside a file when the browser accepts it, the right types
// (application/wasm for instantiateStreaming), long caching for hashed
// assets and none for the page and the service worker.
//
//   node serve.mjs [--port 8080] [--host 127.0.0.1]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

export function createServer(root = path.join(here, 'dist')) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    const accept = String(req.headers['accept-encoding'] || '');
    const headers = { 'content-type': types[path.extname(file)] || 'application/octet-stream', vary: 'accept-encoding' };
    const name = path.basename(file);
    headers['cache-control'] = name === 'index.html' || name === 'sw.js' ? 'no-cache' : 'public, max-age=31536000, immutable';
    let body = file;
    if (/\bbr\b/.test(accept) && fs.existsSync(file + '.br')) { body = file + '.br'; headers['content-encoding'] = 'br'; }
    else if (/\bgzip\b/.test(accept) && fs.existsSync(file + '.gz')) { body = file + '.gz'; headers['content-encoding'] = 'gzip'; }
    headers['content-length'] = fs.statSync(body).size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    fs.createReadStream(body).pipe(res);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
  const port = Number(arg('--port', process.env.PORT || 8080));
  const host = arg('--host', '127.0.0.1');
  createServer().listen(port, host, () => console.log(`nines playground: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`));
}
