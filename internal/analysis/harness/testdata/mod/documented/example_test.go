package documented_test

import "example.com/lib/documented"

func ExampleGet() {
	documented.Get()
}
