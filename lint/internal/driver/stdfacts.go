package driver

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

// stdNoReturn are the functions of the standard library that never
// return, by package. The ctrlflow pass learns that a function never
// returns from the facts of the functions it calls, so a program's
// fatal(err) helper, which calls os.Exit, is known never to return only
// when os has been analysed. By default (-facts=main) the standard library
// is not, and these facts are given instead: they are what its analysis
// would export about the functions programs end by.
var stdNoReturn = map[string][]string{
	"os":  {"Exit"},
	"log": {"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"},
}

// noReturnFact is ctrlflow's fact that a function never returns.
var noReturnFact = ctrlflow.Analyzer.FactTypes[0]

// seedStd gives the facts ctrlflow would export about dep's functions
// that never return, when dep, a standard library package, was not
// analysed: its functions of stdNoReturn and log.Logger's methods of the
// same names.
func (f *packageFacts) seedStd(dep *types.Package) {
	names := stdNoReturn[dep.Path()]
	if len(names) == 0 {
		return
	}
	typ := reflect.TypeOf(noReturnFact)
	fact := reflect.New(typ.Elem()).Interface().(analysis.Fact)
	var logger *types.Named
	if tn, ok := dep.Scope().Lookup("Logger").(*types.TypeName); ok {
		logger, _ = tn.Type().(*types.Named)
	}
	for _, name := range names {
		if fn, ok := dep.Scope().Lookup(name).(*types.Func); ok {
			f.objects[objectFactKey{fn, typ}] = fact
		}
		if logger == nil {
			continue
		}
		if m, _, _ := types.LookupFieldOrMethod(types.NewPointer(logger), false, dep, name); m != nil {
			f.objects[objectFactKey{m, typ}] = fact
		}
	}
}
