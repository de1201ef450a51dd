package driver

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"os"
)

// extent returns where the source a finding points at ends, when its check
// gave only where it starts: the end of the largest syntax node that starts
// there and ends on the same line (the call wg.Add(1), the expression
// make(chan T, n)), else the end of the token there (the go of a go
// statement that spans lines, a comment). So that JSON and SARIF carry a
// range a reviewer's tool can underline, not a point.
func extent(fset *token.FileSet, files []*ast.File, pos token.Pos) token.Pos {
	tf := fset.File(pos)
	if tf == nil {
		return pos
	}
	line := tf.Line(pos)
	for _, f := range files {
		if pos < f.FileStart || pos >= f.FileEnd {
			continue
		}
		var end token.Pos
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || end.IsValid() || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if n.Pos() == pos && tf.Line(n.End()) == line {
				end = n.End()
				return false
			}
			return true
		})
		if end.IsValid() {
			return end
		}
		break
	}
	return tokenEnd(tf, pos)
}

// tokenEnd returns the end of the token (or comment) at pos, read from the
// file on disk, or pos when there is none.
func tokenEnd(tf *token.File, pos token.Pos) token.Pos {
	src, err := os.ReadFile(tf.Name())
	offset := tf.Offset(pos)
	if err != nil || offset >= len(src) || len(src) != tf.Size() {
		return pos
	}
	rest := src[offset:]
	var s scanner.Scanner
	s.Init(token.NewFileSet().AddFile("", -1, len(rest)), rest, nil, scanner.ScanComments)
	at, tok, lit := s.Scan()
	if tok == token.EOF || tok == token.ILLEGAL || tok == token.SEMICOLON && lit == "\n" {
		return pos
	}
	n := len(lit)
	if n == 0 {
		n = len(tok.String())
	}
	return pos + token.Pos(int(at)-1+n)
}
