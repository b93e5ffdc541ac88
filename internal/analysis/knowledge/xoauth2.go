package knowledge

// golang.org/x/oauth2: token requests (and the clients it builds) send
// through the *http.Client their context holds under oauth2.HTTPClient,
// and through http.DefaultClient, which has no timeout, when it holds none
// (internal.ContextClient). A token endpoint that hangs then hangs every
// request waiting for a token.

// XOAuth2 and XOAuth2ClientCredentials are the import paths of the library
// and its client-credentials flow.
const (
	XOAuth2                  = "golang.org/x/oauth2"
	XOAuth2ClientCredentials = "golang.org/x/oauth2/clientcredentials"
)

// A ContextClientCall is a function or method that sends through the
// client its context carries, or http.DefaultClient.
type ContextClientCall struct {
	Path string
	// Recv is the receiver's type name, "" for a function.
	Recv, Name string
	// Ctx is the index of the context argument.
	Ctx int
}

// ContextClientCalls are the calls httpclienttimeout checks for a context
// that carries no client.
var ContextClientCalls = []ContextClientCall{
	{Path: XOAuth2, Recv: "Config", Name: "Exchange"},
	{Path: XOAuth2, Recv: "Config", Name: "PasswordCredentialsToken"},
	{Path: XOAuth2, Recv: "Config", Name: "Client"},
	{Path: XOAuth2, Recv: "Config", Name: "TokenSource"},
	{Path: XOAuth2, Name: "NewClient"},
	{Path: XOAuth2ClientCredentials, Recv: "Config", Name: "Token"},
	{Path: XOAuth2ClientCredentials, Recv: "Config", Name: "Client"},
	{Path: XOAuth2ClientCredentials, Recv: "Config", Name: "TokenSource"},
}

// LookupContextClientCall returns the entry for fn, if any.
func LookupContextClientCall(path, recv, name string) (ContextClientCall, bool) {
	for _, c := range ContextClientCalls {
		if c.Path == path && c.Recv == recv && c.Name == name {
			return c, true
		}
	}
	return ContextClientCall{}, false
}
