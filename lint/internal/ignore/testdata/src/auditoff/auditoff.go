package auditoff

func bad() {}

// Without the audit rules nothing is reported here, and the directive,
// which silences an audit rule's finding, is not called stale.
func silencedAuditFinding() {
	//leash:ignore flagbad the caller holds the lock
	bad()
}

// A directive without a reason is still reported.
func noReason() {
	// want +1 `suppression needs a reason`
	//leash:ignore flagbad
	bad()
}
