// Share links: the whole playground state in the URL fragment, as
// "#s1.<base64url of deflate-raw of JSON>". The number after "s" is the
// format version: a new format gets a new number and decodeState keeps
// reading the old ones, so links already shared keep opening.
export const SHARE_VERSION = 1;

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}

export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify({ ...state, v: SHARE_VERSION }));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `s${SHARE_VERSION}.${toBase64url(packed)}`;
}

// decodeState returns the state in a fragment (without '#'), or null when
// the fragment holds none; it throws on a damaged or unknown one.
export async function decodeState(fragment) {
  const m = /^s(\d+)\.([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!m) return null;
  const version = Number(m[1]);
  if (version !== 1) throw new Error(`this link was made by a newer playground (format ${version})`);
  const json = await pipe(fromBase64url(m[2]), new DecompressionStream('deflate-raw'));
  const state = JSON.parse(new TextDecoder().decode(json));
  return upgrade(state, version);
}

// upgrade turns a state of an older format into the current one.
function upgrade(state, version) {
  if (version === 1) return state;
  return state;
}
