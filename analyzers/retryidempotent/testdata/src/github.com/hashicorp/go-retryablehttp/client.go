// Package retryablehttp is a stub of github.com/hashicorp/go-retryablehttp
// with the signatures of the real module.
package retryablehttp

import (
	"context"
	"net/http"
	"net/url"
)

type Request struct {
	*http.Request
}

func NewRequest(method, url string, rawBody interface{}) (*Request, error) {
	return &Request{}, nil
}

func NewRequestWithContext(ctx context.Context, method, url string, rawBody interface{}) (*Request, error) {
	return &Request{}, nil
}

type Client struct {
	HTTPClient *http.Client
	RetryMax   int
}

func NewClient() *Client { return &Client{} }

func (c *Client) Do(req *Request) (*http.Response, error) { return nil, nil }
func (c *Client) Get(url string) (*http.Response, error)  { return nil, nil }
func (c *Client) Post(url, bodyType string, body interface{}) (*http.Response, error) {
	return nil, nil
}
func (c *Client) PostForm(url string, data url.Values) (*http.Response, error) { return nil, nil }
