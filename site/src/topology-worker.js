import { host } from './wasm-host.js';

host({
  name: 'topology',
  functions: { check: 'ninesTopoCheck', info: 'ninesTopoInfo' },
  coalesce: ['check'],
});
