// Package wasm holds the playground's WebAssembly entry points, one command
// per Web Worker: goworker (the Go analyzers) and topoworker (the topology
// checks). They only convert values between JavaScript and Go and return
// Promises; the logic lives in internal/playground, tested on the host.
package wasm
