package api

import (
	"log"
	"net/http"
	"time"
)

type API struct {
	base   string
	client *http.Client
}

func NewAPI(base string) *API { return &API{base: base, client: &http.Client{}} }

var shared = http.Client{Timeout: 0}

func health(base string) error {
	resp, err := http.Get(base + "/health")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func crawl(get func(string) (*http.Response, error), u string) { get(u) }

func serve(mux *http.ServeMux) {
	go crawl(http.Get, "http://x")
	srv := &http.Server{Addr: ":8080", Handler: mux}
	log.Fatal(srv.ListenAndServe())
	log.Fatal(http.ListenAndServe(":8081", mux))
	good := &http.Server{ReadHeaderTimeout: 5 * time.Second}
	_ = good
	c := &http.Client{}
	c.Timeout = 3 * time.Second
	http.DefaultClient.Do(nil)
}
