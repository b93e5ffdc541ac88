package sites

func cause(name string) {}

// One function, one cause: one finding at the first site.
func twice() {
	cause("a") // want `cause a \(3 sites in twice share this cause\)`
	cause("a")
	if true {
		cause("a")
	}
}

// Two causes in one function stay two findings.
func two() {
	cause("a") // want `^cause a$`
	cause("b") // want `^cause b$`
}

// Another function is another place to change: its own finding.
func elsewhere() {
	cause("a") // want `^cause a$`
}

type server struct{}

// The methods of one type share its causes, whatever the receiver's form.
func (s *server) start() {
	cause("a") // want `cause a \(2 sites in the methods of server share this cause\)`
}

func (s server) stop() {
	cause("a")
}

type list[T any] struct{}

func (l *list[T]) push() {
	cause("a") // want `cause a \(2 sites in the methods of list share this cause\)`
}

func (l list[T]) pop() {
	cause("a")
}

// A closure belongs to the function it is written in.
func withClosure() {
	f := func() {
		cause("a") // want `cause a \(2 sites in withClosure share this cause\)`
	}
	f()
	cause("a")
}

// An empty key is a cause of its own.
func unkeyed() {
	cause("") // want `^cause $`
	cause("") // want `^cause $`
}
