package b

func bad() {}

func G() { bad() }

func good() {}
