// Package streams reads a response body line by line: a Client.Timeout
// would cut the stream off, so the finding says what to bound instead.
package streams

import (
	"bufio"
	"net/http"
)

var client = &http.Client{} // want `this package reads a response body in a loop, which a Client\.Timeout would cut off: bound connecting and the response headers instead`

func follow(u string, lines chan<- string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		lines <- sc.Text()
	}
	return sc.Err()
}
