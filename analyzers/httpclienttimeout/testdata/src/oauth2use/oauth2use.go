// Package oauth2use checks golang.org/x/oauth2 calls (issue 10, class 8):
// without an oauth2.HTTPClient in their context they send through
// http.DefaultClient.
package oauth2use

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func tokens(cfg *clientcredentials.Config) oauth2.TokenSource {
	return cfg.TokenSource(context.Background()) // want `clientcredentials.Config.TokenSource is given context.Background\(\), which carries no oauth2.HTTPClient`
}

func exchange(cfg *oauth2.Config, code string) (*oauth2.Token, error) {
	ctx := context.TODO()
	return cfg.Exchange(ctx, code) // want `oauth2.Config.Exchange is given context.TODO\(\)`
}

// Not reported: the context carries a client with a Timeout.
func bounded(cfg *clientcredentials.Config) *http.Client {
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Timeout: 10 * time.Second})
	return cfg.Client(ctx)
}

// Not reported: the caller's context may carry one.
func fromCaller(ctx context.Context, src oauth2.TokenSource) *http.Client {
	return oauth2.NewClient(ctx, src)
}
