package model

import "strings"

// The run-wide settings of SPEC §3b and §3c, read from the assumptions, and the matching of names
// that error messages use to suggest the nearest one.

// TimelineParams are the timeline's settings from the assumptions.
func (a Assumptions) TimelineParams() TimelineParams {
	return TimelineParams{
		BuildQuarters:         int(a.Get(BuildQuarters).IntPart()),
		PipelineStartQuarters: int(a.Get(PipelineStartQuarters).IntPart()),
	}
}

// SensitivityParams are the sensitivities' settings from the assumptions, for the scenarios run.
func (a Assumptions) SensitivityParams(scenarios []Scenario) SensitivityParams {
	k, _ := TornadoIndex(a, scenarios)
	return SensitivityParams{TornadoScenario: k, TargetDilution: a.Get(TargetDilution)}
}

// TornadoIndex is the index, among the scenarios run (DefaultScenarios when none are given), of
// the Tornado scenario the assumptions name, matched as tickers are; the first when they name
// none. ok is false when the name matches no scenario.
func TornadoIndex(a Assumptions, scenarios []Scenario) (int, bool) {
	if len(scenarios) == 0 {
		scenarios = DefaultScenarios()
	}
	if strings.TrimSpace(a.TornadoScenario) == "" {
		return 0, true
	}
	for i, s := range scenarios {
		if tickerKey(s.Name) == tickerKey(a.TornadoScenario) {
			return i, true
		}
	}
	return 0, false
}

func scenarioNames(scenarios []Scenario) []string {
	if len(scenarios) == 0 {
		scenarios = DefaultScenarios()
	}
	names := make([]string, len(scenarios))
	for i, s := range scenarios {
		names[i] = s.Name
	}
	return names
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = `"` + n + `"`
	}
	return out
}

// distance is the edit distance between a and b (Levenshtein, by rune).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns the candidate closest to s by edit distance on normalised forms.
func Nearest(s string, candidates []string) string {
	best, bestD := "", -1
	n := tickerKey(s)
	for _, c := range candidates {
		d := distance(n, tickerKey(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
