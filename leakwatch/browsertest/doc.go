// Package browsertest checks leakwatch's page in a real browser: headless
// Chromium, driven by chromedp, against the leakyservice example. It is a
// module of its own so that the root module keeps to the standard library.
//
//	cd leakwatch/browsertest && go test
//
// It needs Debian's chromium package (.ci/run installs it); without it the
// test is skipped, unless LEASH_REQUIRE_BROWSER is set, as CI sets it.
// LEAKWATCH_SCREENSHOT names a file for the screenshot the test takes.
package browsertest
