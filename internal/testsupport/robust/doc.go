// Package robust holds nines's robustness tests: fuzz targets and tables of
// hostile input for the Go analyzers and the command line. It has no code of
// its own; see docs/fuzzing.md for how to run the fuzzers for longer.
//
// FuzzAnalyzers type-checks two generated Go files against the standard
// library and retry-library export data that the playground embeds
// (internal/playground/exportdata) and runs every analyzer of analyzers.All on them
// through golang.org/x/tools/go/analysis/checker, with no panic recovery:
// a panic is a crash the fuzzer keeps.
package robust
