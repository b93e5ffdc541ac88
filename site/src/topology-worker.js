import { host } from './wasm-host.js';

host({
  name: 'topology',
  // whatif is a check without the policies that asks for the advice and
  // for what a failure does (nines topo --advise and --fail).
  functions: { check: 'ninesTopoCheck', quick: 'ninesTopoCheck', whatif: 'ninesTopoCheck', info: 'ninesTopoInfo', output: 'ninesTopoOutput', goOutput: 'ninesGoOutput' },
  coalesce: ['check', 'quick', 'whatif'],
});
