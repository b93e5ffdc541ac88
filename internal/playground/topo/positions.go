package topo

import (
	"go/token"

	"github.com/nines-dev/nines/topology"
)

var zeroPos token.Position

func posOf(p topology.Pos) token.Position {
	return token.Position{Filename: p.File, Line: p.Line, Column: p.Column}
}
