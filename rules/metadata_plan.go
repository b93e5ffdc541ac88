//go:build ninesplan

package rules

import (
	_ "embed" // the rules' metadata
	"encoding/json"
	"fmt"
	"sync"
)

// In this build (tag ninesplan, the playground's light topology worker)
// the rules' metadata is read from metadata.json, written by
// TestMetadataCurrent from what OPA's parser reads in the Rego files, so
// that the package links no OPA.

//go:embed metadata.json
var metadataJSON []byte

var metadata = sync.OnceValues(func() (map[string]packageMeta, error) {
	var out map[string]packageMeta
	err := json.Unmarshal(metadataJSON, &out)
	return out, err
})

func readPackageMeta(src Source) (packageMeta, error) {
	all, err := metadata()
	if err != nil {
		return packageMeta{}, fmt.Errorf("decoding metadata.json: %w", err)
	}
	m, ok := all[src.Path]
	if !ok {
		return packageMeta{}, fmt.Errorf("%s: not in metadata.json: run go test ./rules -run TestMetadataCurrent -update", src.Path)
	}
	return m, nil
}
