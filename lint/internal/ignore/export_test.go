package ignore

// SetChecks makes names the checks a directive can name, for a test, and
// returns the function that puts leash's back.
func SetChecks(names []string) (restore func()) {
	old := checks
	checks = names
	return func() { checks = old }
}

// Checks are the checks a directive can name.
func Checks() []string { return checks }

// ResetRunning forgets which checks run.
func ResetRunning() { running.Store(nil) }
