package p

var n int = "not a number"

func bad() {}

func F() { bad() }
