// Package cli implements the nines command line. It is the only place, with
// the wasm entry points, that touches the outside world: files, flags, exit
// codes.
package cli

import (
	"fmt"
	"io"
)

// Exit codes shared by every sub-command.
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitError    = 2
)

// Env is what a sub-command may touch.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(env *Env, args []string) int
}

// commands is the table of sub-commands; each lives in its own file.
var commands = []command{
	{"vet", "run the Go analyzers on packages (default ./...)", runVet},
	{"topo", "check topology files (default: every *.nines.hcl below .)", runTopo},
	{"check", "run the Go analyzers and the topology checks together", runCheck},
	{"rules", "list every rule, or print one rule's documentation", runRules},
	{"version", "print the version", runVersion},
}

// Main runs nines with the given arguments and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if isVetTool(args) {
		return runUnitchecker(env, args)
	}
	if len(args) == 0 {
		usage(stderr)
		return ExitError
	}
	switch args[0] {
	case "help":
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					return c.run(env, []string{"-h"})
				}
			}
		}
		usage(stdout)
		return ExitClean
	case "-h", "-help", "--help":
		usage(stdout)
		return ExitClean
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(stderr, "nines: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "nines finds reliability defects: unbounded waits, unsafe retries, single points of failure.")
	fmt.Fprintln(w, "\nUsage: nines <command> [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nAs a go vet tool: go vet -vettool=$(command -v nines) ./...")
	fmt.Fprintln(w, "Run 'nines <command> -h' for a command's flags.")
}
