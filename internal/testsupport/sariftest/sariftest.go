// Package sariftest validates SARIF logs against the SARIF 2.1.0 JSON Schema
// in tests, so every package that writes SARIF checks it the same way.
package sariftest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the path of the schema, beside this package's parent.
var SchemaFile = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "sarif-2.1.0-rtm.5.json")
}()

var (
	once   sync.Once
	schema *jsonschema.Schema
	errLd  error
)

func load() (*jsonschema.Schema, error) {
	once.Do(func() {
		f, err := os.Open(SchemaFile)
		if err != nil {
			errLd = fmt.Errorf("opening SARIF schema: %w", err)
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			errLd = fmt.Errorf("decoding SARIF schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft4)
		c.AssertFormat()
		const url = "file:///sarif-2.1.0.json"
		if err := c.AddResource(url, doc); err != nil {
			errLd = fmt.Errorf("adding SARIF schema: %w", err)
			return
		}
		schema, errLd = c.Compile(url)
		if errLd != nil {
			errLd = fmt.Errorf("compiling SARIF schema: %w", errLd)
		}
	})
	return schema, errLd
}

// Validate reports whether log is a valid SARIF 2.1.0 log.
func Validate(log []byte) error {
	s, err := load()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return fmt.Errorf("decoding SARIF log: %w", err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("validating SARIF log: %w", err)
	}
	return nil
}
