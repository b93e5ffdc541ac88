// Command payd serves the demo payment API.
package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})

	admin := &http.Server{Addr: ":9090", Handler: mux}
	go func() { log.Fatal(admin.ListenAndServe()) }()

	// No read timeouts: one slow client per connection can exhaust the server.
	log.Fatal(http.ListenAndServe(":8080", mux))
}
