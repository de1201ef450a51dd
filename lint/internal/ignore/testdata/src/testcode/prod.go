package testcode

func bad() {}

func serve() {
	bad() // want `call of bad`
}
