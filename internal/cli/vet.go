package cli

// Owned by the driver work: nines vet, go vet -vettool mode, rules, version.

func isVetTool(args []string) bool { return false }

func runUnitchecker(env *Env, args []string) int { return ExitError }

func runVet(env *Env, args []string) int { return ExitError }

func runRules(env *Env, args []string) int { return ExitError }

func runVersion(env *Env, args []string) int { return ExitError }
