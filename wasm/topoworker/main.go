//go:build js && wasm

// Command topoworker is the playground's topology worker: it exports
// ninesTopoCheck, ninesTopoOutput and ninesGoOutput to the Web Worker that
// loads it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/nines-dev/nines/internal/playground/output"
	"github.com/nines-dev/nines/internal/playground/topo"
	"github.com/nines-dev/nines/topology/policy"
	"github.com/nines-dev/nines/wasm"
)

func main() {
	// The browser gives the worker memory to spare and wasm's collector is
	// slow: collect less often (OPA's compiler allocates heavily).
	debug.SetGCPercent(400)
	wasm.Export("ninesTopoCheck", func(arg []byte) (any, error) {
		var req topo.Request
		if err := json.Unmarshal(arg, &req); err != nil {
			return nil, fmt.Errorf("decoding the request: %w", err)
		}
		return topo.Check(context.Background(), req), nil
	})
	wasm.Export("ninesTopoOutput", func(arg []byte) (any, error) {
		var req topo.Request
		if err := json.Unmarshal(arg, &req); err != nil {
			return nil, fmt.Errorf("decoding the request: %w", err)
		}
		return topo.Output(context.Background(), req)
	})
	// The Go tab's output formats are printed here, where internal/report
	// is linked already (see internal/playground/output).
	wasm.Export("ninesGoOutput", func(arg []byte) (any, error) {
		var req output.GoRequest
		if err := json.Unmarshal(arg, &req); err != nil {
			return nil, fmt.Errorf("decoding the request: %w", err)
		}
		return output.Go(req)
	})
	wasm.Export("ninesTopoInfo", func([]byte) (any, error) {
		return map[string]any{"config": policy.DefaultConfig()}, nil
	})
	wasm.Ready("topology")
}
