// Package gen stands for generated code the configuration excludes.
package gen

import "net/http"

func Ping(url string) (*http.Response, error) { return http.Get(url) }
