package a

func bad()  {}
func good() {}

func F() {
	bad()
	bad() //nolint:testcall // the callee returns at once
	bad() //nolint:otheranalyzer
	//nolint
	bad()
	bad() //nolint:nines
	good()
}
