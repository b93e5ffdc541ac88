package dotimport

import . "net/http"

func ping(u string) error {
	resp, err := Get(u) // want `http\.Get uses http\.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var c = Client{} // want `http\.Client sets no Timeout`
