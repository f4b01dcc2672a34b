// Package testkit holds what the tests of several packages share: decimal literals, the -update
// flag that rewrites golden files, and one way to show how two texts differ.
package testkit

import (
	"flag"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Update rewrites golden files and the committed sample instead of comparing with them
// (go test -update, as gofmt's tests do).
var Update = flag.Bool("update", false, "rewrite golden files and the sample workbook")

// Dec is a decimal literal; it panics on a malformed one, which is a typo in a test.
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Null is a present NullDecimal literal.
func Null(s string) decimal.NullDecimal { return decimal.NewNullDecimal(Dec(s)) }

// Diff says how got differs from want, line by line: the first line that differs with its
// number, then up to 40 lines only want has (-) and 40 only got has (+). Empty when equal.
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "first difference at line %d: got %q, want %q\n", i+1, y, x)
			break
		}
	}
	inW, inG := map[string]int{}, map[string]int{}
	for _, l := range w {
		inW[l]++
	}
	for _, l := range g {
		inG[l]++
	}
	n := 0
	for _, l := range w {
		if inG[l] == 0 && n < 40 {
			b.WriteString("- " + l + "\n")
			n++
		}
	}
	n = 0
	for _, l := range g {
		if inW[l] == 0 && n < 40 {
			b.WriteString("+ " + l + "\n")
			n++
		}
	}
	return b.String()
}
