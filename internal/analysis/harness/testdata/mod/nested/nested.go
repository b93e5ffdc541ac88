package nested

import "example.com/lib/onlytests"

func Use() { onlytests.Help() }
