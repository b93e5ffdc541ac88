package knowledge

// Constructors of *http.Client in libraries: whether the client they
// return has a Timeout. A client from a constructor of the vetted modules
// is judged by its code (a BoundedClient fact of internal/analysis/values);
// a library loaded from export data has no facts under nines vet, so what
// is known of it is written here.

// A ClientConstructor is a package-level function returning an
// *http.Client, or a configuration whose field holds one.
type ClientConstructor struct {
	Path, Name string
	// Field is the field of the returned configuration that holds the
	// client; "" when the function returns the client itself.
	Field string
	// Timeout is set when the client has a Timeout by default.
	Timeout bool
}

// ClientConstructors are the library constructors nines knows, read by
// values.ClientTimeout.
var ClientConstructors = []ClientConstructor{
	// Vault's API client: DefaultConfig sets HttpClient.Timeout to 60
	// seconds (api/client.go).
	{Path: "github.com/hashicorp/vault/api", Name: "DefaultConfig", Field: "HttpClient", Timeout: true},
}

// LookupClientConstructor returns what is known of the function path.name
// (with field "" for the client it returns, or the field of the
// configuration it returns), and whether anything is.
func LookupClientConstructor(path, name, field string) (ClientConstructor, bool) {
	for _, c := range ClientConstructors {
		if c.Path == path && c.Name == name && c.Field == field {
			return c, true
		}
	}
	return ClientConstructor{}, false
}
