// Package resty is a stub of github.com/go-resty/resty/v2 with the
// signatures of the real module.
package resty

import (
	"context"
	"net/http"
)

type Client struct{ Header http.Header }

func New() *Client { return &Client{} }

func (c *Client) R() *Request                            { return &Request{} }
func (c *Client) SetHeader(header, value string) *Client { return c }

type Request struct {
	Header http.Header
}

type Response struct{}

func (r *Request) SetContext(ctx context.Context) *Request                   { return r }
func (r *Request) SetHeader(header, value string) *Request                   { return r }
func (r *Request) SetHeaderVerbatim(header, value string) *Request           { return r }
func (r *Request) SetHeaders(headers map[string]string) *Request             { return r }
func (r *Request) SetHeaderMultiValues(headers map[string][]string) *Request { return r }
func (r *Request) SetBody(body interface{}) *Request                         { return r }
func (r *Request) SetResult(res interface{}) *Request                        { return r }
func (r *Request) Get(url string) (*Response, error)                         { return nil, nil }
func (r *Request) Post(url string) (*Response, error)                        { return nil, nil }
func (r *Request) Put(url string) (*Response, error)                         { return nil, nil }
func (r *Request) Patch(url string) (*Response, error)                       { return nil, nil }
func (r *Request) Execute(method, url string) (*Response, error)             { return nil, nil }
