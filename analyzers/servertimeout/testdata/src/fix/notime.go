package fix

import (
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080"} // want `http\.Server sets neither`
	log.Fatal(srv.ListenAndServe())
}
