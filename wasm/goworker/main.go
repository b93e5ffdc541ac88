//go:build js && wasm

// Command goworker is the playground's Go worker: it exports
// ninesGoAnalyze, ninesGoFix and ninesGoInfo to the Web Worker that loads it.
package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/playground"
	"github.com/nines-dev/nines/wasm"
)

func main() {
	// The browser gives the worker memory to spare and wasm's collector is
	// slow: collect less often (OPA's compiler allocates heavily).
	debug.SetGCPercent(400)
	s := playground.NewGoSession(analyzers.All())
	wasm.Export("ninesGoAnalyze", func(arg []byte) (any, error) {
		var req playground.GoRequest
		if err := json.Unmarshal(arg, &req); err != nil {
			return nil, fmt.Errorf("decoding the request: %w", err)
		}
		return s.Analyze(req), nil
	})
	wasm.Export("ninesGoFix", func(arg []byte) (any, error) {
		var req struct {
			Files []playground.File `json:"files"`
			Fix   playground.Fix    `json:"fix"`
		}
		if err := json.Unmarshal(arg, &req); err != nil {
			return nil, fmt.Errorf("decoding the request: %w", err)
		}
		return playground.ApplyFix(req.Files, req.Fix)
	})
	wasm.Export("ninesGoInfo", func([]byte) (any, error) {
		return playground.GoInfo(s), nil
	})
	// Decode the packages nearly every program imports while the page is
	// still setting up its editors, so the first analysis costs little more
	// than the user's code. A request that arrives meanwhile waits for it.
	go func() { _ = s.Warm("context", "database/sql", "fmt", "net/http", "time") }()
	wasm.Ready("go")
}
