// Package pflag is a stub of github.com/spf13/pflag with the signatures of
// its string flags.
package pflag

type FlagSet struct{}

func NewFlagSet(name string, errorHandling int) *FlagSet { return &FlagSet{} }

func (f *FlagSet) StringVar(p *string, name string, value string, usage string)             {}
func (f *FlagSet) StringVarP(p *string, name, shorthand string, value string, usage string) {}
func (f *FlagSet) String(name string, value string, usage string) *string                   { return new(string) }
func (f *FlagSet) StringP(name, shorthand string, value string, usage string) *string {
	return new(string)
}
func StringVar(p *string, name string, value string, usage string)             {}
func StringVarP(p *string, name, shorthand string, value string, usage string) {}
func String(name string, value string, usage string) *string                   { return new(string) }
func StringP(name, shorthand string, value string, usage string) *string       { return new(string) }

func (f *FlagSet) GetString(name string) (string, error) { return "", nil }
