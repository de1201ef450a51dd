package antipatterns

import (
	"strings"
	"sync"
)

// CountWords counts words in each document. wg.Add runs inside the
// goroutine it counts, so wg.Wait can run first, return at once and the
// totals are read while goroutines still write them (wgadd). go vet's
// waitgroup check looks only at a goroutine's first statement and misses it.
func CountWords(docs []string) []int {
	counts := make([]int, len(docs))
	var wg sync.WaitGroup
	for i, doc := range docs[:min(len(docs), 4)] {
		go func() {
			text := strings.TrimSpace(doc)
			wg.Add(1)
			defer wg.Done()
			counts[i] = wordCount(text)
		}()
	}
	wg.Wait()
	return counts
}

func wordCount(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		space := r == ' ' || r == '\n' || r == '\t'
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}
