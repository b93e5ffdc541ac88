package sites

func (s *generatedType) byHand() {
	cause("a") // want `^cause a$`
}
