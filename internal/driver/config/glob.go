package config

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
)

// Globs are slash-separated and relative to the configuration file's
// directory: *, ? and [...] match within one path element (path.Match),
// ** matches any number of elements, and a glob that matches a directory
// matches every file below it.

func checkGlob(g string) error {
	if strings.HasPrefix(g, "/") || g == ".." || strings.HasPrefix(g, "../") {
		return errors.New("must be relative to the configuration file's directory and stay below it")
	}
	for _, seg := range strings.Split(g, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return errors.New("is malformed")
		}
	}
	return nil
}

// matchGlob reports whether the slash-separated relative path rel, or one
// of its parent directories, matches g.
func matchGlob(g, rel string) bool {
	pat := collapse(strings.Split(g, "/"))
	segs := strings.Split(rel, "/")
	for n := len(segs); n > 0; n-- {
		if matchSegs(pat, segs[:n]) {
			return true
		}
	}
	return false
}

func collapse(p []string) []string {
	out := p[:0:0]
	for _, s := range p {
		if s == "**" && len(out) > 0 && out[len(out)-1] == "**" {
			continue
		}
		if s == "" || s == "." {
			continue
		}
		out = append(out, s)
	}
	return out
}

func matchSegs(p, s []string) bool {
	for len(p) > 0 {
		if p[0] == "**" {
			for i := 0; i <= len(s); i++ {
				if matchSegs(p[1:], s[i:]) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 {
			return false
		}
		if ok, _ := path.Match(p[0], s[0]); !ok {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return len(s) == 0
}

func matchAny(globs []string, rel string) bool {
	for _, g := range globs {
		if matchGlob(g, rel) {
			return true
		}
	}
	return false
}

// rel returns file relative to Dir, slash-separated, and false when file
// is not below Dir.
func (c *Config) rel(file string) (string, bool) {
	if !filepath.IsAbs(file) {
		abs, err := filepath.Abs(file)
		if err != nil {
			return "", false
		}
		file = abs
	}
	base := filepath.FromSlash(c.Dir)
	if !filepath.IsAbs(base) {
		abs, err := filepath.Abs(base)
		if err != nil {
			return "", false
		}
		base = abs
	}
	r, err := filepath.Rel(base, file)
	if err != nil {
		return "", false
	}
	r = filepath.ToSlash(r)
	if r == ".." || strings.HasPrefix(r, "../") {
		return "", false
	}
	return r, true
}

func (c *Config) join(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(filepath.FromSlash(c.Dir), filepath.FromSlash(p))
}
