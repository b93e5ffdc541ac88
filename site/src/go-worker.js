import { host } from './wasm-host.js';

host({
  name: 'go',
  functions: { analyze: 'ninesGoAnalyze', fix: 'ninesGoFix', info: 'ninesGoInfo' },
  coalesce: ['analyze'],
});
