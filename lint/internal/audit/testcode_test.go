package audit_test

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/leash-go/leash/lint/internal/audit"
)

func TestNotShipped(t *testing.T) {
	for _, tc := range []struct {
		pkg, module string
		want        bool
	}{
		{"example.com/m/test/e2e/fixtures", "example.com/m", true},
		{"example.com/m/internal/testutil", "example.com/m", true},
		{"example.com/m/examples/flow/qps", "example.com/m", false}, // examples are what users copy
		{"example.com/m/blobstore/rpc2/bench", "example.com/m", true},
		{"example.com/m/database/testing", "example.com/m", true},
		{"example.com/m/pkg/server", "example.com/m", false},
		{"example.com/m", "example.com/m", false},
		{"example.com/m/testserver", "example.com/m", false},      // a name, not the directory
		{"example.com/m/pkg/util/rpctest", "example.com/m", true}, // named as httptest is
		{"example.com/m/internal/dbtest/fixtures", "example.com/m", true},
		{"example.com/m/api/latest", "example.com/m", false}, // a word that ends so
		{"example.com/m/contest", "example.com/m", false},
		{"example.com/m/test2", "example.com/m", false},
		{"example.com/test/pkg", "example.com/test", false}, // the module's own name does not count
		{"example.com/m/examples", "", false},               // no module: nothing to go by
		{"example.com/mx/test", "example.com/m", false},     // another module
	} {
		if got := audit.NotShipped(tc.pkg, tc.module); got != tc.want {
			t.Errorf("NotShipped(%q, %q) = %v, want %v", tc.pkg, tc.module, got, tc.want)
		}
	}
}

func TestTestCodeNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"store_test.go", true},
		{"mock.go", true},
		{"mocks.go", true},
		{"mock_store.go", true},
		{"mockmailer.go", true},
		{"client_mock.go", true},
		{"client_mocks.go", true},
		{"fake_clock.go", true},
		{"fakeclock.go", true},
		{"store_fakes.go", true},
		{"Mock_Client.go", true},
		{"mockingbird.go", false}, // a word of its own
		{"faked.go", false},
		{"faker.go", false}, // a generator of fake data is its package's real code
		{"store.go", false},
		{"unmock.go", false},
		{"fakery_test_util.go", true},
	} {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, tc.name, "package p\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := audit.TestCode(fset, file); got != tc.want {
			t.Errorf("TestCode(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
