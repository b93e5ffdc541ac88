package lib

import (
	"testing"

	"example.com/lib/client"
	"example.com/lib/documented"
	"example.com/lib/mock"
	"example.com/lib/onlytests"
	"example.com/lib/usedbymain"
)

func TestCall(t *testing.T) {
	mock.Start()
	documented.Get()
	onlytests.Help()
	client.Do()
	Call()
}

var _ = usedbymain.Run
