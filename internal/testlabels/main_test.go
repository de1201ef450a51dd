package testlabels_test

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

func TestMain(m *testing.M) { leashtest.Main(m) }
