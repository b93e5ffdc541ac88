// Command nines finds reliability defects before they reach production: calls
// that can wait forever, retries that never stop or hammer a dependency,
// retries of operations unsafe to repeat, and single points of failure,
// unmet SLOs and retry storms in topology files.
//
// Exit codes: 0 clean, 1 findings, 2 bad input or usage.
package main

import (
	"os"

	"github.com/nines-dev/nines/internal/driver/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
