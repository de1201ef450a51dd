// Package spell finds the name someone meant when they mistyped one: a
// flag on the command line, a check in a //leash:ignore directive.
package spell

// Distance is the edit distance between a and b: the fewest insertions,
// deletions and substitutions of a byte that turn a into b.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Closest returns the candidate nearest to word, the first of those
// equally near, and its distance; "" and -1 when there are none.
func Closest(word string, candidates []string) (string, int) {
	best, dist := "", -1
	for _, c := range candidates {
		if d := Distance(word, c); dist < 0 || d < dist {
			best, dist = c, d
		}
	}
	return best, dist
}

// Suggest returns the candidate word most likely stands for: the closest,
// if it is near enough to be a typo (at most a third of its letters
// differ), else "".
func Suggest(word string, candidates []string) string {
	best, dist := Closest(word, candidates)
	if dist < 0 || dist > max(1, len(best)/3) {
		return ""
	}
	return best
}
