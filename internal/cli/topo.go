package cli

// Owned by the topology work: nines topo and nines check.

func runTopo(env *Env, args []string) int { return ExitError }

func runCheck(env *Env, args []string) int { return ExitError }
