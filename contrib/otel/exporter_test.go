package otel_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/leash-go/leash"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// TestPrometheusNames exports the instruments through OpenTelemetry's
// Prometheus exporter, with its default translation of names, and checks
// that the series the README's queries use are there, with the values of a
// small workload.
func TestPrometheusNames(t *testing.T) {
	reg := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutTargetInfo(), otelprom.WithoutScopeInfo())
	if err != nil {
		t.Fatal(err)
	}
	obs := newObserver(t, sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)))
	errBad := errors.New("bad image")
	leash.ForEach(context.Background(), firstN(5), func(ctx context.Context, i int) error {
		if i == 2 {
			return errBad
		}
		return nil
	}, leash.Limit(1), leash.Name("thumbnails"), leash.Observe(obs))

	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for _, line := range []string{
		`leash_task_count{leash_pool="thumbnails",leash_task_state="running"} 0`,
		`leash_task_count{leash_pool="thumbnails",leash_task_state="waiting"} 0`,
		`leash_task_wait_time_seconds_count{leash_pool="thumbnails"} 3`,
		`leash_task_duration_seconds_count{leash_pool="thumbnails",leash_task_outcome="succeeded"} 2`,
		`leash_task_duration_seconds_count{leash_pool="thumbnails",leash_task_outcome="failed"} 1`,
		`leash_task_skipped_total{leash_pool="thumbnails"} 2`,
		`leash_pool_limit{leash_pool="thumbnails"} 0`,
		`leash_pool_unlimited_calls{leash_pool="thumbnails"} 0`,
		`leash_task_wait_time_seconds_bucket{leash_pool="thumbnails",le="0.0001"}`,
	} {
		if !strings.Contains(text, line) {
			t.Errorf("the scrape has no line %s", line)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", text)
	}
}
