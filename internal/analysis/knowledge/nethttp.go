package knowledge

// net/http: a zero http.Client has no Timeout, so every call that sends
// through one (or through http.DefaultClient) can wait forever; a zero
// http.Server has no read timeouts, so a slow client holds a connection open.

// Import paths of net/http and its test server.
const (
	NetHTTP     = "net/http"
	NetHTTPTest = "net/http/httptest"
)

// HTTPDefaultClientFuncs are the package-level functions of net/http that
// send through http.DefaultClient.
var HTTPDefaultClientFuncs = map[string]bool{"Get": true, "Head": true, "Post": true, "PostForm": true}

// HTTPClientSends are the methods of *http.Client that send a request.
var HTTPClientSends = map[string]bool{"Do": true, "Get": true, "Head": true, "Post": true, "PostForm": true}

// HTTPPosts are the functions and *http.Client methods that send a POST at
// once, with no chance to set a header such as an idempotency key.
var HTTPPosts = []string{"Post", "PostForm"}

// HTTPNewRequest are the functions that build a request; the method is the
// first argument (after the context, for NewRequestWithContext) and the URL
// the next.
var HTTPNewRequest = []string{"NewRequest", "NewRequestWithContext"}

// HTTPNewRequestWithContext is the request constructor that takes the
// context bounding the request.
const HTTPNewRequestWithContext = "NewRequestWithContext"

// HTTPServeFuncs are the package-level functions of net/http that serve
// with a zero http.Server, which has no timeouts at all.
var HTTPServeFuncs = map[string]bool{"ListenAndServe": true, "ListenAndServeTLS": true, "Serve": true, "ServeTLS": true}

// HTTPServerReadTimeouts are the fields of http.Server that bound reading a
// request; either one closes the slowloris hole.
var HTTPServerReadTimeouts = []string{"ReadHeaderTimeout", "ReadTimeout"}
