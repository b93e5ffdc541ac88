// Package clientcredentials is a stub of
// golang.org/x/oauth2/clientcredentials.
package clientcredentials

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"
)

type Config struct{ ClientID, ClientSecret, TokenURL string }

func (c *Config) Token(ctx context.Context) (*oauth2.Token, error) { return nil, nil }

func (c *Config) Client(ctx context.Context) *http.Client { return nil }

func (c *Config) TokenSource(ctx context.Context) oauth2.TokenSource { return nil }
