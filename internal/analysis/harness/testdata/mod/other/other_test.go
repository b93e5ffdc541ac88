package other

import (
	"testing"

	"example.com/lib"
)

func TestOther(t *testing.T) { lib.Call() }
