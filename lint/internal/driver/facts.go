package driver

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Facts pass between packages the way go vet passes them: each package is
// type-checked on its own, against its dependencies' export data, so the
// objects a dependency's facts are about are not the objects its importers
// see. A fact is therefore stored by the object's path within its package
// (objectpath), gob-encoded, and decoded again, against the importer's own
// view of the dependency, when an importer first asks for a fact about that
// dependency. Encoding also holds every fact to the contract go vet
// -vettool holds it to: a fact that gob cannot encode fails here too.
//
// Only facts about objects an importer can name are kept: those with an
// objectpath (package-level objects, methods, fields, parameters), not
// facts about unexported functions, which no importer can call.

// factStore holds the facts every package analysed so far exported, one
// gob stream per package, by package ID.
type factStore struct {
	mu   sync.Mutex
	byID map[string][]byte
}

func newFactStore() *factStore { return &factStore{byID: make(map[string][]byte)} }

func (s *factStore) put(id string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = data
}

func (s *factStore) get(id string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byID[id]
}

// size is the total size of the encoded facts.
func (s *factStore) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, data := range s.byID {
		n += len(data)
	}
	return n
}

// gobFact is one fact as stored: the object it is about, by its path
// within its package ("" for a fact about the package), and the fact.
type gobFact struct {
	Object objectpath.Path
	Fact   analysis.Fact
}

// registerFactTypes makes the analyzers' fact types known to gob, which
// encodes them behind the analysis.Fact interface.
func registerFactTypes(analyzers []*analysis.Analyzer) {
	for _, a := range analyzers {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// packageFacts are the facts the passes over one package see: those its
// dependencies exported, decoded on first use, and those its own passes
// export. The passes over a package run one at a time, so it needs no
// lock.
type packageFacts struct {
	store *factStore
	pkg   *types.Package
	// deps maps each dependency, as this package sees it, to the ID under
	// which its facts are stored.
	deps map[*types.Package]string

	objects  map[objectFactKey]analysis.Fact
	packages map[packageFactKey]analysis.Fact
	decoded  map[*types.Package]bool
}

func newPackageFacts(store *factStore, pkg *types.Package, deps map[*types.Package]string) *packageFacts {
	return &packageFacts{
		store:    store,
		pkg:      pkg,
		deps:     deps,
		objects:  make(map[objectFactKey]analysis.Fact),
		packages: make(map[packageFactKey]analysis.Fact),
		decoded:  make(map[*types.Package]bool),
	}
}

// decode adds the facts stored for dep to the package's view, once.
func (f *packageFacts) decode(dep *types.Package) error {
	if dep == nil || dep == f.pkg || f.decoded[dep] {
		return nil
	}
	f.decoded[dep] = true
	id, ok := f.deps[dep]
	var data []byte
	if ok {
		data = f.store.get(id)
	}
	if data == nil {
		f.seedStd(dep) // not analysed: what the standard library's analysis would say
		return nil
	}
	var facts []gobFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&facts); err != nil {
		return fmt.Errorf("decoding the facts of %s: %v", id, err)
	}
	for _, gf := range facts {
		typ := reflect.TypeOf(gf.Fact)
		if gf.Object == "" {
			f.packages[packageFactKey{dep, typ}] = gf.Fact
			continue
		}
		// An object missing from this view of dep (export data keeps only
		// what importers can reach) has no use here.
		if obj, err := objectpath.Object(dep, gf.Object); err == nil {
			f.objects[objectFactKey{obj, typ}] = gf.Fact
		}
	}
	return nil
}

// decodeAll decodes the facts of every dependency.
func (f *packageFacts) decodeAll() error {
	for _, dep := range sortedPackages(f.deps) {
		if err := f.decode(dep); err != nil {
			return err
		}
	}
	return nil
}

func sortedPackages(deps map[*types.Package]string) []*types.Package {
	pkgs := make([]*types.Package, 0, len(deps))
	for p := range deps {
		pkgs = append(pkgs, p)
	}
	slices.SortFunc(pkgs, func(a, b *types.Package) int { return cmp.Compare(deps[a], deps[b]) })
	return pkgs
}

// bind sets the fact functions of a pass of analyzer a over the package.
// A fact that cannot be decoded is a bug in a check or in leash; it fails
// the pass through *failed rather than crashing the run.
func (f *packageFacts) bind(pass *analysis.Pass, failed *error) {
	fail := func(err error) {
		if err != nil && *failed == nil {
			*failed = err
		}
	}
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		if obj == nil {
			panic("ImportObjectFact: nil object")
		}
		fail(f.decode(obj.Pkg()))
		return copyFact(f.objects[objectFactKey{obj, factType(ptr)}], ptr)
	}
	pass.ImportPackageFact = func(pkg *types.Package, ptr analysis.Fact) bool {
		if pkg == nil {
			panic("ImportPackageFact: nil package")
		}
		fail(f.decode(pkg))
		return copyFact(f.packages[packageFactKey{pkg, factType(ptr)}], ptr)
	}
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if obj.Pkg() != f.pkg {
			panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T): the object belongs to another package", pass.Analyzer.Name, obj, fact))
		}
		f.objects[objectFactKey{obj, factType(fact)}] = fact
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		f.packages[packageFactKey{f.pkg, factType(fact)}] = fact
	}
	mine := make(map[reflect.Type]bool)
	for _, t := range pass.Analyzer.FactTypes {
		mine[reflect.TypeOf(t)] = true
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		fail(f.decodeAll())
		return factsOf(f.objects, mine, func(k objectFactKey, fact analysis.Fact) analysis.ObjectFact {
			return analysis.ObjectFact{Object: k.obj, Fact: fact}
		})
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		fail(f.decodeAll())
		return factsOf(f.packages, mine, func(k packageFactKey, fact analysis.Fact) analysis.PackageFact {
			return analysis.PackageFact{Package: k.pkg, Fact: fact}
		})
	}
}

// factsOf returns the facts of the given types, each made into a T.
func factsOf[K interface {
	comparable
	factType() reflect.Type
}, T any](facts map[K]analysis.Fact, types map[reflect.Type]bool, makeT func(K, analysis.Fact) T) []T {
	var out []T
	for k, fact := range facts {
		if types[k.factType()] {
			out = append(out, makeT(k, fact))
		}
	}
	return out
}

func (k objectFactKey) factType() reflect.Type  { return k.typ }
func (k packageFactKey) factType() reflect.Type { return k.typ }

// unbind stops a pass from exporting facts once its Run has returned.
func unbind(pass *analysis.Pass) {
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T) called after Run", pass.Analyzer.Name, obj, fact))
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		panic(fmt.Sprintf("%s: ExportPackageFact(%T) called after Run", pass.Analyzer.Name, fact))
	}
}

// encode returns the package's own facts as one gob stream, in a fixed
// order, or nil when it has none that an importer could use.
func (f *packageFacts) encode() ([]byte, error) {
	var facts []gobFact
	var enc objectpath.Encoder
	for k, fact := range f.objects {
		if k.obj.Pkg() != f.pkg {
			continue // a dependency's
		}
		path, err := enc.For(k.obj)
		if err != nil {
			continue // no importer can name the object
		}
		facts = append(facts, gobFact{path, fact})
	}
	for k, fact := range f.packages {
		if k.pkg == f.pkg {
			facts = append(facts, gobFact{"", fact})
		}
	}
	if len(facts) == 0 {
		return nil, nil
	}
	slices.SortFunc(facts, func(a, b gobFact) int {
		return cmp.Or(cmp.Compare(a.Object, b.Object), cmp.Compare(factType(a.Fact).String(), factType(b.Fact).String()))
	})
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(facts); err != nil {
		return nil, fmt.Errorf("encoding the facts of %s: %v (facts must be gob-encodable, as go vet requires)", f.pkg.Path(), err)
	}
	return buf.Bytes(), nil
}

// copyFact copies the fact found, if any, into ptr.
func copyFact(found, ptr analysis.Fact) bool {
	if found == nil {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(found).Elem())
	return true
}

func factType(fact analysis.Fact) reflect.Type {
	t := reflect.TypeOf(fact)
	if t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("invalid fact type %T: facts are pointers", fact))
	}
	return t
}
