package eval

import (
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
)

// formatTable writes the evaluation as a Markdown table, a row per kernel
// and a row of totals.
func formatTable(rows []row) string {
	var b strings.Builder
	mode := "without the leak profile"
	if pprof.Lookup("goroutineleak") != nil {
		mode = "with the leak profile"
	}
	fmt.Fprintf(&b, "GoBench kernels, %s, %s (%d kernels)\n\n", runtime.Version(), mode, len(rows))
	b.WriteString("| kernel | expected leaks | leashtest: found (proven) | leashtest: other | leashtest: verdict | goleak: found | goleak: other | goleak: verdict |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	var tot struct {
		expected, lFound, lProven, lOther, gFound, gOther int
		lTime, gTime                                      time.Duration
		lMissed, gMissed                                  int
	}
	for _, r := range rows {
		k := r.kernel
		lf, lp := r.leashtest.found(k)
		gf, _ := r.goleak.found(k)
		lo, gOther := len(r.leashtest.unexpected(k)), len(r.goleak.unexpected(k))
		name := k.name
		if k.flaky {
			name += " (flaky)"
		}
		fmt.Fprintf(&b, "| %s | %d | %d (%d) | %d | %s | %d | %d | %s |\n",
			name, len(k.leaks), lf, lp, lo, ms(r.leashtest.verdict), gf, gOther, ms(r.goleak.verdict))
		tot.expected += len(k.leaks)
		tot.lFound += lf
		tot.lProven += lp
		tot.lOther += lo
		tot.gFound += gf
		tot.gOther += gOther
		tot.lTime += r.leashtest.verdict
		tot.gTime += r.goleak.verdict
		if len(r.leashtest.findings) == 0 {
			tot.lMissed++
		}
		if len(r.goleak.findings) == 0 {
			tot.gMissed++
		}
	}
	n := time.Duration(max(1, len(rows)))
	fmt.Fprintf(&b, "| **total** | %d | %d (%d) | %d | %s mean, %s median | %d | %d | %s mean, %s median |\n",
		tot.expected, tot.lFound, tot.lProven, tot.lOther, ms(tot.lTime/n), ms(median(rows, func(r row) time.Duration { return r.leashtest.verdict })),
		tot.gFound, tot.gOther, ms(tot.gTime/n), ms(median(rows, func(r row) time.Duration { return r.goleak.verdict })))
	fmt.Fprintf(&b, "\nKernels with nothing reported: leashtest %d, goleak %d.\n", tot.lMissed, tot.gMissed)
	return b.String()
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func median(rows []row, of func(row) time.Duration) time.Duration {
	if len(rows) == 0 {
		return 0
	}
	ds := make([]time.Duration, len(rows))
	for i, r := range rows {
		ds[i] = of(r)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
