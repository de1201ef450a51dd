// Package yaml stands for gopkg.in/yaml.v3 in the tests.
package yaml

// Node is a parsed YAML document.
type Node struct{}

// Decode fills v from the node.
func (n *Node) Decode(v any) error { return nil }

// Unmarshal fills v from YAML bytes.
func Unmarshal(in []byte, v any) error { return nil }
