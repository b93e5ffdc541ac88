// Command tool imports unused2 from shipped code.
package main

import "example.com/lib/usedbymain"

func main() { usedbymain.Run() }
