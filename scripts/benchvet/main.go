// Command benchvet measures nines vet on the pinned corpus of real modules
// (testdata/corpus) against baselines run in the same session, interleaved,
// and prints medians and ratios. Machines here are noisy, so only ratios
// measured side by side mean anything.
//
//	go run ./scripts/benchvet                 # driver suites: nines, noop, noopfacts, govet
//	go run ./scripts/benchvet -staticcheck    # also staticcheck, cold cache (installed at a pinned version)
//	go run ./scripts/benchvet -vettool        # go vet -vettool=nines vs plain go vet, vet cache cold, build cache warm
//	go run ./scripts/benchvet -warm           # nines vet's result cache vs go vet -vettool=nines's, both warm, and after one edit
//
// In the default mode nines vet starts each run from an empty result cache
// (its cost of writing the cache included); the other suites run without it.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

const staticcheckVersion = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system time of the process and its children
	rss  int64         // peak resident set, KiB
}

type contender struct {
	name string
	run  func() (sample, error)
}

func main() {
	runs := flag.Int("runs", 3, "interleaved runs of each contender; medians are reported")
	corpus := flag.String("corpus", "testdata/corpus", "module holding the corpus and its patterns.txt")
	withStaticcheck := flag.Bool("staticcheck", false, "also run staticcheck with a cold cache")
	vettool := flag.Bool("vettool", false, "compare go vet -vettool=nines with plain go vet instead")
	warm := flag.Bool("warm", false, "compare warm runs instead: nines vet from its cache and go vet -vettool=nines from go's, on unchanged code and after editing one leaf package")
	flag.Parse()
	mode := "driver"
	switch {
	case *vettool:
		mode = "vettool"
	case *warm:
		mode = "warm"
	}
	if err := run(*runs, *corpus, *withStaticcheck, mode); err != nil {
		fmt.Fprintln(os.Stderr, "benchvet:", err)
		os.Exit(2)
	}
}

func run(runs int, corpus string, withStaticcheck bool, mode string) error {
	corpus, err := filepath.Abs(corpus)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(corpus, "patterns.txt"))
	if err != nil {
		return fmt.Errorf("reading the corpus patterns: %w", err)
	}
	patterns := strings.Fields(string(raw))
	tmp, err := os.MkdirTemp("", "benchvet")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	nines := filepath.Join(tmp, "nines")
	if out, err := exec.Command("go", "build", "-o", nines, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("building nines: %v\n%s", err, out)
	}
	npkgs, err := countPackages(corpus, patterns)
	if err != nil {
		return err
	}

	var cs []contender
	switch mode {
	case "vettool":
		cs, err = vettoolContenders(corpus, patterns, nines)
	case "warm":
		cs, err = warmContenders(corpus, patterns, nines, tmp)
	default:
		cs, err = driverContenders(corpus, patterns, nines, tmp, withStaticcheck)
	}
	if err != nil {
		return err
	}

	// Warm the module and build caches once, untimed.
	for _, c := range cs {
		if _, err := c.run(); err != nil {
			return fmt.Errorf("warm-up of %s: %w", c.name, err)
		}
	}
	results := map[string][]sample{}
	for i := 0; i < runs; i++ {
		for _, c := range cs {
			s, err := c.run()
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			results[c.name] = append(results[c.name], s)
		}
	}

	host, _ := os.Hostname()
	fmt.Printf("benchvet %s on %s: %d packages of %s, %d interleaved runs, medians\n\n",
		time.Now().UTC().Format("2006-01-02"), host, npkgs, filepath.Base(corpus), runs)
	fmt.Printf("%-32s %10s %10s %12s\n", "contender", "wall", "CPU", "peak RSS")
	med := map[string]sample{}
	for _, c := range cs {
		m := median(results[c.name])
		med[c.name] = m
		fmt.Printf("%-32s %9.2fs %9.2fs %9d MiB\n", c.name, m.wall.Seconds(), m.cpu.Seconds(), m.rss/1024)
	}
	fmt.Println()
	ratio := func(a, b string, what string) {
		x, okx := med[a]
		y, oky := med[b]
		if !okx || !oky {
			return
		}
		switch what {
		case "time":
			fmt.Printf("wall   %-31s / %-31s = %.2fx\n", a, b, x.wall.Seconds()/y.wall.Seconds())
			fmt.Printf("CPU    %-31s / %-31s = %.2fx\n", a, b, x.cpu.Seconds()/y.cpu.Seconds())
		default:
			fmt.Printf("memory %-31s / %-31s = %.2fx\n", a, b, float64(x.rss)/float64(y.rss))
		}
	}
	switch mode {
	case "vettool":
		ratio("go vet -vettool=nines", "go vet", "time")
		return nil
	case "warm":
		ratio(warmNines, warmGoVet, "time")
		ratio(editNines, warmGoVet, "time")
		ratio(editNines, editGoVet, "time")
		return nil
	}
	ratio("nines vet", "noop (load floor)", "time")
	ratio("nines vet", "noopfacts (floor w/ facts)", "time")
	ratio("nines vet", "go vet suite", "time")
	ratio("nines vet", "staticcheck (cold)", "time")
	ratio("nines vet", "go vet suite", "memory")
	return nil
}

func driverContenders(corpus string, patterns []string, nines, tmp string, withStaticcheck bool) ([]contender, error) {
	cache := filepath.Join(tmp, "nines-cache")
	suite := func(name, env string) contender {
		return contender{name, func() (sample, error) {
			cmd := exec.Command(nines, append([]string{"vet"}, patterns...)...)
			cmd.Dir = corpus
			cmd.Env = append(os.Environ(), "NINES_BENCH_SUITE="+env, "NINES_CACHE=off")
			if env == "" {
				// nines vet itself, from an empty result cache.
				if err := os.RemoveAll(cache); err != nil {
					return sample{}, err
				}
				cmd.Env = append(cmd.Env, "NINES_CACHE="+cache)
			}
			return measure(cmd, 0, 1)
		}}
	}
	cs := []contender{
		suite("nines vet", ""),
		suite("noop (load floor)", "noop"),
		suite("noopfacts (floor w/ facts)", "noopfacts"),
		suite("go vet suite", "govet"),
	}
	if withStaticcheck {
		bin := filepath.Join(tmp, "bin")
		cmd := exec.Command("go", "install", staticcheckVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+bin)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("installing %s: %v\n%s", staticcheckVersion, err, out)
		}
		cache := filepath.Join(tmp, "staticcheck-cache")
		cs = append(cs, contender{"staticcheck (cold)", func() (sample, error) {
			if err := os.RemoveAll(cache); err != nil {
				return sample{}, err
			}
			cmd := exec.Command(filepath.Join(bin, "staticcheck"), append([]string{"-tests=false"}, patterns...)...)
			cmd.Dir = corpus
			cmd.Env = append(os.Environ(), "STATICCHECK_CACHE="+cache)
			return measure(cmd, 0, 1)
		}})
	}
	return cs, nil
}

// vettoolContenders runs go vet with and without nines as the vet tool. Each
// timed run starts from a build cache holding the compiled packages but no
// vet results: the cache is cleaned and the packages built, untimed.
func vettoolContenders(corpus string, patterns []string, nines string) ([]contender, error) {
	prepare := func() error {
		for _, args := range [][]string{{"clean", "-cache"}, append([]string{"build"}, patterns...)} {
			cmd := exec.Command("go", args...)
			cmd.Dir = corpus
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go %s: %v\n%s", args[0], err, out)
			}
		}
		return nil
	}
	vet := func(name string, extra ...string) contender {
		return contender{name, func() (sample, error) {
			if err := prepare(); err != nil {
				return sample{}, err
			}
			cmd := exec.Command("go", append(append([]string{"vet"}, extra...), patterns...)...)
			cmd.Dir = corpus
			return measure(cmd, 0, 1)
		}}
	}
	return []contender{vet("go vet -vettool=nines", "-vettool="+nines), vet("go vet")}, nil
}

// The contenders of -warm.
const (
	warmNines = "nines vet (warm)"
	warmGoVet = "go vet -vettool (warm)"
	editNines = "nines vet (1 file edited)"
	editGoVet = "go vet -vettool (1 file edited)"
)

// editedModule is the corpus module whose leaf package the edit contenders
// change: nothing else in the corpus imports github.com/sethvargo/go-retry.
const (
	editedModule = "github.com/sethvargo/go-retry"
	editedFile   = "retry.go"
)

// warmContenders compare the second run on unchanged code of nines vet
// (its result cache) and of go vet -vettool=nines (the go command's vet
// cache), and runs after editing one file of a leaf package. The edits are
// made in a writable copy of the corpus module whose go.mod replaces
// editedModule with a writable copy of it: its packages become the user's
// own code, which both caches check file by file. Each edit changes the
// file's content (a counter in a comment), not only its time.
func warmContenders(corpus string, patterns []string, nines, tmp string) ([]contender, error) {
	work := filepath.Join(tmp, "edit")
	if err := copyModule(corpus, filepath.Join(work, "corpus")); err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", editedModule)
	cmd.Dir = corpus
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("finding %s: %w", editedModule, err)
	}
	edited := filepath.Join(work, "edited")
	if err := copyModule(strings.TrimSpace(string(out)), edited); err != nil {
		return nil, err
	}
	edit := exec.Command("go", "mod", "edit", "-replace", editedModule+"="+edited)
	edit.Dir = filepath.Join(work, "corpus")
	if out, err := edit.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go mod edit: %v\n%s", err, out)
	}
	edits := 0
	touch := func() error {
		edits++
		f, err := os.OpenFile(filepath.Join(edited, editedFile), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(f, "\n// edit %d\n", edits)
		return errors.Join(err, f.Close())
	}
	ninesVet := func(name, dir, cache string, before func() error) contender {
		return contender{name, func() (sample, error) {
			if before != nil {
				if err := before(); err != nil {
					return sample{}, err
				}
			}
			cmd := exec.Command(nines, append([]string{"vet"}, patterns...)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NINES_CACHE="+cache)
			return measure(cmd, 0, 1)
		}}
	}
	goVet := func(name, dir string, before func() error) contender {
		return contender{name, func() (sample, error) {
			if before != nil {
				if err := before(); err != nil {
					return sample{}, err
				}
			}
			cmd := exec.Command("go", append([]string{"vet", "-vettool=" + nines}, patterns...)...)
			cmd.Dir = dir
			return measure(cmd, 0, 1)
		}}
	}
	copied := filepath.Join(work, "corpus")
	return []contender{
		ninesVet(warmNines, corpus, filepath.Join(tmp, "cache-warm"), nil),
		goVet(warmGoVet, corpus, nil),
		ninesVet(editNines, copied, filepath.Join(tmp, "cache-edit"), touch),
		goVet(editGoVet, copied, touch),
	}, nil
}

// copyModule copies the files of the module directory from (not its
// subdirectories' modules, nor hidden files) to a writable directory to.
func copyModule(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != from {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != from {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
}

// measure runs cmd and accepts the listed exit codes (findings are not
// failures here).
func measure(cmd *exec.Cmd, okCodes ...int) (sample, error) {
	var stderr bytes.Buffer
	cmd.Stdout = nil
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok || !slices.Contains(okCodes, ee.ExitCode()) {
			tail := stderr.String()
			if len(tail) > 2000 {
				tail = tail[len(tail)-2000:]
			}
			return sample{}, fmt.Errorf("%v: %v\n%s", cmd.Args[:2], err, tail)
		}
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return sample{wall: wall, cpu: cpu, rss: rss}, nil
}

func median(s []sample) sample {
	ws := slices.Clone(s)
	slices.SortFunc(ws, func(a, b sample) int { return int(a.wall - b.wall) })
	m := ws[len(ws)/2]
	rs := make([]int64, len(s))
	for i, x := range s {
		rs[i] = x.rss
	}
	slices.Sort(rs)
	m.rss = rs[len(rs)/2]
	cs := make([]time.Duration, len(s))
	for i, x := range s {
		cs[i] = x.cpu
	}
	slices.Sort(cs)
	m.cpu = cs[len(cs)/2]
	return m
}

func countPackages(dir string, patterns []string) (int, error) {
	cmd := exec.Command("go", append([]string{"list"}, patterns...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("listing the corpus packages: %w", err)
	}
	return len(strings.Fields(string(out))), nil
}
