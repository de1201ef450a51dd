package gobench

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// kernel is one GoBench bug.
type kernel struct {
	Name string // as registered: "Cockroach584"
	File string // base name of its file: "cockroach584.go"
	// Driver is the line range of the function that registers the kernel
	// (it starts the copies of the bug and takes the leak profile).
	DriverStart, DriverEnd int
	// Category is the README's type and sub-type: "Resource / AB-BA leak".
	Category string
	// Funcs maps each line of the file inside a function to the line range
	// of the innermost function (declaration or literal) containing it.
	Funcs map[int][2]int
}

// gokerDir returns the directory of the kernels in the Go installation
// that runs this program.
func gokerDir() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "src", "runtime", "testdata", "testgoroutineleakprofile", "goker")
	if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
		return "", fmt.Errorf("no GoBench kernels in this Go installation: %v", err)
	}
	return dir, nil
}

// copyKernels copies the kernels' Go files and README into a new module at
// dst, so that they can be built and analysed outside GOROOT.
func copyKernels(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".go") || e.Name() == "README.md") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dst, "go.mod"), []byte("module goker\n\ngo 1.26\n"), 0o644)
}

var registerCall = regexp.MustCompile(`register(?:Init)?\("(\w+)", (\w+)\)`)

// readKernels lists the kernels in dir: the register call of each file
// names the kernel and its driver function.
func readKernels(dir string) ([]kernel, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	categories := readCategories(filepath.Join(dir, "README.md"))
	var kernels []kernel
	fset := token.NewFileSet()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m := registerCall.FindSubmatch(src)
		if m == nil {
			continue // main.go
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		k := kernel{Name: string(m[1]), File: filepath.Base(path), Funcs: funcLines(fset, f)}
		k.Category = categories[strings.ToLower(k.Name)]
		if k.Category == "" { // the README may follow the file's spelling: moby25384.go registers Moby25348
			k.Category = categories[strings.TrimSuffix(k.File, ".go")]
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == string(m[2]) {
				k.DriverStart, k.DriverEnd = fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line
			}
		}
		kernels = append(kernels, k)
	}
	return kernels, nil
}

var (
	readmeSection = regexp.MustCompile(`(?m)^## (\w+)/(\d+)\s*$`)
	readmeRow     = regexp.MustCompile(`(?m)^\|\[[^\]]*\]\|[^|]*\|[^|]*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|`)
)

// readCategories maps lower-case kernel names ("cockroach584") to the
// README's bug type and sub-type. A missing README yields no categories.
func readCategories(path string) map[string]string {
	out := make(map[string]string)
	data, err := os.ReadFile(path)
	if err != nil {
		return out
	}
	sections := readmeSection.FindAllSubmatchIndex(data, -1)
	for i, s := range sections {
		end := len(data)
		if i+1 < len(sections) {
			end = sections[i+1][0]
		}
		name := strings.ToLower(string(data[s[2]:s[3]]) + string(data[s[4]:s[5]]))
		if row := readmeRow.FindSubmatch(data[s[1]:end]); row != nil {
			out[name] = string(bytes.TrimSpace(row[1])) + " / " + string(bytes.TrimSpace(row[2]))
		}
	}
	return out
}

// funcLines maps each line inside a function of f to the line range of the
// innermost function containing it.
func funcLines(fset *token.FileSet, f *ast.File) map[int][2]int {
	lines := make(map[int][2]int)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			from, to := fset.Position(n.Pos()).Line, fset.Position(n.End()).Line
			for l := from; l <= to; l++ {
				lines[l] = [2]int{from, to} // inner functions come later and win
			}
		}
		return true
	})
	return lines
}
