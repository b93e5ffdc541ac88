package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// EnvVar names the environment variable that points at a configuration
// file, or turns the search off with the value "none". The -config flag
// wins over it.
const EnvVar = "NINES_CONFIG"

// Off is the -config (and NINES_CONFIG) value that turns configuration off.
const Off = "none"

// Find looks for .nines.hcl in dir and each parent directory in turn, and
// returns the first found. The search ends at the root of the repository
// (the first directory holding .git, which is still searched) or of the
// file system. It returns "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	for d, prev := abs, ""; d != prev; d, prev = filepath.Dir(d), d {
		if p := filepath.Join(d, FileName); isFile(p) {
			return p, nil
		}
		if exists(filepath.Join(d, ".git")) {
			break
		}
	}
	return "", nil
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Locate returns the configuration file a command uses: the -config flag
// when given (flagSet), else NINES_CONFIG when set, else the file Find
// finds from dir. It returns "" when configuration is turned off ("none")
// or there is no file.
func Locate(dir, flagValue string, flagSet bool) (string, error) {
	v := flagValue
	if !flagSet {
		v = os.Getenv(EnvVar)
	}
	switch {
	case v == Off:
		return "", nil
	case v != "":
		return v, nil
	case flagSet:
		return "", fmt.Errorf("-config needs a file name, or %q to use none", Off)
	}
	return Find(dir)
}

// MaxFileBytes is the largest configuration file Load reads.
const MaxFileBytes = 1 << 20

// Load reads and parses the configuration file at path. Positions in
// errors name path as given; Dir is made absolute.
func Load(path string, opts Options) (*Config, error) {
	src, err := readFile(path)
	if err != nil {
		return nil, ErrorList{{Pos: Pos{File: path}, Message: err.Error()}}
	}
	c, err := Parse(path, src, opts)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	c.Dir = filepath.Dir(abs)
	return c, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, errors.New("is a directory, not a configuration file")
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	if len(src) > MaxFileBytes {
		return nil, fmt.Errorf("file is over the limit of %d bytes for a configuration file", MaxFileBytes)
	}
	return src, nil
}

// Hash returns the bytes that identify the configuration in effect from
// dir (the file's path and contents), or nil when there is none. The go
// vet tool mode folds it into its version so that go vet's result cache
// sees a changed configuration.
func Hash(dir string) []byte {
	p, err := Locate(dir, "", false)
	if err != nil || p == "" {
		return nil
	}
	src, err := readFile(p)
	if err != nil {
		return []byte(p + "\x00" + err.Error())
	}
	abs, _ := filepath.Abs(p)
	return append([]byte(abs+"\x00"), src...)
}
