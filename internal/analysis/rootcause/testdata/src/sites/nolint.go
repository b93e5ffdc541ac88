package sites

// A //nolint on the first site silences that site only: the next site of
// the cause becomes the finding, and the silenced one is not counted.
func firstSilenced() {
	cause("a") //nolint:causes // this call is bounded by its caller
	cause("a") // want `cause a \(2 sites in firstSilenced share this cause\)`
	cause("a")
}

// A directive for another analyzer silences nothing here.
func otherAnalyzer() {
	cause("a") //nolint:dialtimeout // want `cause a \(2 sites in otherAnalyzer share this cause\)`
	cause("a")
}

// A directive above a function covers all of it.
//
//nolint:nines // the whole function is reviewed
func wholeFunction() {
	cause("a")
	cause("a")
}
