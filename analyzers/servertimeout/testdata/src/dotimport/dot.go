package dotimport

import . "net/http"

func main() {
	ListenAndServe(":8080", nil) // want `http\.ListenAndServe serves`
	serve := Serve               // want `http\.Serve serves`
	_ = serve
}

var s = Server{} // want `http\.Server sets neither`
