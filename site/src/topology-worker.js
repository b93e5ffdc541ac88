import { host } from './wasm-host.js';

host({
  name: 'topology',
  functions: { check: 'ninesTopoCheck', quick: 'ninesTopoCheck', info: 'ninesTopoInfo' },
  coalesce: ['check', 'quick'],
});
