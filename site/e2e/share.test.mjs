// Share links, without a browser: Node has the same CompressionStream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeState, encodeState, SHARE_VERSION } from '../src/share.js';

// A link made by format 1. It must keep opening whatever the format becomes.
const V1_LINK = 's1.Vc1BasMwFIThqzxm1YJwSJeCniQy5VmWVVH5yVhKaBDa9RrJSbrrhXqE4kBpuv6ZbyoKD9AoaUkx-TMUfII-VAjPDhozB-l8goJNUpwUaCxs39g72poRI7sdfX3S9-XjamQ6ir2Fh0eqzQhar_70O5g7CeJy92rjPzy79RSsIwM2oGqEKEguLNZleqa9kV91STHYzexv-yl46Hr3VTHz-8vqyhpchn5qCmPIPEQ3Qh-whfOQjjKiV5gi-wxdW1M4Qe_bDw';

test('a format 1 link still opens', async () => {
  const s = await decodeState(V1_LINK);
  assert.equal(s.tab, 'topology');
  assert.deepEqual(s.go, [{ name: 'main.go', content: 'package main\n\n// ü 𝄞\nfunc main() {}\n' }]);
  assert.deepEqual(s.topology, [{ name: 'a.nines.hcl', content: 'service "a" {\n  instances = 1\n}\n' }]);
  assert.deepEqual(s.config, { topology: { max_retries: 2 }, disabled: ['retrybound'], flags: {} });
});

test('state round-trips through a link', async () => {
  const big = 'x'.repeat(100000) + '\u{1D11E}';
  const state = { tab: 'go', go: [{ name: 'main.go', content: big }], topology: [], policy: [], config: { topology: {}, disabled: [], flags: { retrybound: { 'max-attempts': '3' } } } };
  const frag = await encodeState(state);
  assert.match(frag, new RegExp(`^s${SHARE_VERSION}\\.[A-Za-z0-9_-]+$`));
  assert.ok(frag.length < 2000, `a repetitive 100 kB file compresses to ${frag.length} characters`);
  const back = await decodeState(frag);
  assert.deepEqual(back, { ...state, v: SHARE_VERSION });
});

test('fragments that are not links, and damaged or future links', async () => {
  assert.equal(await decodeState(''), null);
  assert.equal(await decodeState('example=welcome'), null);
  await assert.rejects(decodeState('s9.AAAA'), /newer playground \(format 9\)/);
  await assert.rejects(decodeState('s1.' + V1_LINK.slice(3, 40)));
});
