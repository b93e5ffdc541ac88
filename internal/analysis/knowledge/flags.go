package knowledge

// Command-line flag packages: the standard library's flag and
// github.com/spf13/pflag (used by cobra), whose string flags either write
// their value to a variable the caller names (StringVar) or return a
// pointer to it (String). A flag's default is what the program uses when
// the user names nothing, so an address flag defaulting to localhost keeps
// the program's server or peer on this machine unless the user says
// otherwise (the loopback rules of internal/analysis/harness).
//
// Sources: https://pkg.go.dev/flag and https://pkg.go.dev/github.com/spf13/pflag
// (StringVarP and StringP take a one-letter shorthand after the name).

// PFlag is the import path of spf13/pflag.
const PFlag = "github.com/spf13/pflag"

// A StringFlag is a function or *FlagSet method that registers a string
// flag: Target is the index of the *string it writes (-1 when it returns
// one), Flag the index of the flag's name, Default the index of the
// default value, Args the argument count.
type StringFlag struct {
	Path, Name                  string
	Target, Flag, Default, Args int
}

// StringFlags are the registrations nines follows. Each exists as a
// package function (on the command line's flag set) and as a *FlagSet
// method with the same arguments.
var StringFlags = []StringFlag{
	{Path: "flag", Name: "StringVar", Target: 0, Flag: 1, Default: 2, Args: 4},
	{Path: "flag", Name: "String", Target: -1, Flag: 0, Default: 1, Args: 3},
	{Path: PFlag, Name: "StringVar", Target: 0, Flag: 1, Default: 2, Args: 4},
	{Path: PFlag, Name: "StringVarP", Target: 0, Flag: 1, Default: 3, Args: 5},
	{Path: PFlag, Name: "String", Target: -1, Flag: 0, Default: 1, Args: 3},
	{Path: PFlag, Name: "StringP", Target: -1, Flag: 0, Default: 2, Args: 4},
}

// StringFlagLookup reports a *FlagSet method that returns a string flag's
// value by the flag's name, its first argument: pflag's GetString, which
// cobra commands call as cmd.Flags().GetString("name"). Without the flag on
// the command line, the value is the default its registration gave.
func StringFlagLookup(path, recv, name string, args int) bool {
	return path == PFlag && recv == "FlagSet" && name == "GetString" && args == 1
}

// LookupStringFlag returns the entry for a callee of package path named
// name called with args arguments, if any.
func LookupStringFlag(path, name string, args int) (StringFlag, bool) {
	for _, f := range StringFlags {
		if f.Path == path && f.Name == name && f.Args == args {
			return f, true
		}
	}
	return StringFlag{}, false
}
