// Package pflaglookup reads address flags back by name, as cobra commands
// do with cmd.Flags().GetString: a flag every registration of which
// defaults to loopback names this machine unless the user says otherwise.
package pflaglookup

import (
	"fmt"
	"net/http"

	"github.com/spf13/pflag"
)

const (
	addressFlag = "http-address"
	remoteFlag  = "remote"
)

type config struct {
	address string
	remote  string
}

func register(fs *pflag.FlagSet, c *config) {
	fs.StringVar(&c.address, addressFlag, "localhost", "address of the health server")
	fs.StringVar(&c.remote, remoteFlag, "api.example.org", "the service to call")
}

func waitReady(fs *pflag.FlagSet) error {
	a, _ := fs.GetString(addressFlag)
	resp, err := http.Get(fmt.Sprintf("http://%v:9090/startup", a)) // not reported: the flag defaults to localhost
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func callRemote(fs *pflag.FlagSet) error {
	host, _ := fs.GetString(remoteFlag)
	resp, err := http.Get(fmt.Sprintf("https://%v/v1", host)) // want `http.Get uses http.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func unknownFlag(fs *pflag.FlagSet, name string) error {
	host, _ := fs.GetString(name)
	resp, err := http.Get("http://" + host + "/v1") // want `http.Get uses http.DefaultClient`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
