// Package oauth2 is a stub of golang.org/x/oauth2 with the signatures nines
// knows.
package oauth2

import (
	"context"
	"net/http"
)

type contextKey struct{}

// HTTPClient is the context key for the *http.Client token requests use.
var HTTPClient contextKey

type Token struct{ AccessToken string }

type TokenSource interface{ Token() (*Token, error) }

type Config struct{ ClientID string }

func (c *Config) Exchange(ctx context.Context, code string) (*Token, error) { return nil, nil }

func (c *Config) PasswordCredentialsToken(ctx context.Context, username, password string) (*Token, error) {
	return nil, nil
}

func (c *Config) Client(ctx context.Context, t *Token) *http.Client { return nil }

func (c *Config) TokenSource(ctx context.Context, t *Token) TokenSource { return nil }

func NewClient(ctx context.Context, src TokenSource) *http.Client { return nil }
