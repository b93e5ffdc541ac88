package knowledge

import (
	"go/types"
	"strings"
)

// go-resty (v2 and v3) builds a request with a chain of setters and sends
// it with the method's name: client.R().SetHeader(...).SetBody(b).Post(url).
// The resty client retries by its own configuration (SetRetryCount).

// IsResty reports whether path is a package of go-resty.
func IsResty(path string) bool { return strings.Contains(path, "resty") }

// IsRestyRequest reports methods of resty's Request (v2 and v3).
func IsRestyRequest(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || fn.Pkg() == nil || !IsResty(fn.Pkg().Path()) {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Request"
}

// RestyHeaderSetters are the Request methods that set one header from a
// name and a value.
var RestyHeaderSetters = map[string]bool{"SetHeader": true, "SetHeaderVerbatim": true}

// RestyHeaderMapSetters are the Request methods that set headers from a map,
// whose names the analysis cannot read.
var RestyHeaderMapSetters = map[string]bool{"SetHeaders": true, "SetHeaderMultiValues": true}

// RestyUnsafeSends are the Request methods that send a request with a
// method unsafe to repeat.
var RestyUnsafeSends = map[string]bool{"Post": true, "Patch": true}

// RestyExecute is the Request method that sends with the method given as
// its first argument.
const RestyExecute = "Execute"
