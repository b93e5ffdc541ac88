package public_test

import (
	"testing"

	"example.com/lib/public"
)

func TestGet(t *testing.T) { public.Get() }
