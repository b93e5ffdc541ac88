//go:build js && wasm

package wasm

import (
	"encoding/json"
	"fmt"
	"syscall/js"
)

// Export publishes fn as globalThis[name]: it takes one JSON string and
// returns a Promise of a JSON string. fn runs in its own goroutine; a panic
// rejects the Promise instead of killing the worker.
func Export(name string, fn func(arg []byte) (any, error)) {
	js.Global().Set(name, js.FuncOf(func(this js.Value, args []js.Value) any {
		var arg string
		if len(args) > 0 && args[0].Type() == js.TypeString {
			arg = args[0].String()
		}
		return js.Global().Get("Promise").New(js.FuncOf(func(this js.Value, pa []js.Value) any {
			resolve, reject := pa[0], pa[1]
			go func() {
				defer func() {
					if r := recover(); r != nil {
						reject.Invoke(js.Global().Get("Error").New(fmt.Sprintf("%s: internal error: %v", name, r)))
					}
				}()
				res, err := fn([]byte(arg))
				if err != nil {
					reject.Invoke(js.Global().Get("Error").New(fmt.Sprintf("%s: %v", name, err)))
					return
				}
				b, err := json.Marshal(res)
				if err != nil {
					reject.Invoke(js.Global().Get("Error").New(fmt.Sprintf("%s: encoding the result: %v", name, err)))
					return
				}
				resolve.Invoke(string(b))
			}()
			return nil
		}))
	}))
}

// Ready tells the worker script that every function is exported, by calling
// globalThis.ninesReady(name) if the script defined it, then blocks forever
// so the exported functions stay callable.
func Ready(name string) {
	if f := js.Global().Get("ninesReady"); f.Type() == js.TypeFunction {
		f.Invoke(name)
	}
	select {}
}
