package model_test

import (
	"fmt"

	"minergap/model"
)

// SPEC §3b's worked example: §3a's miner EX as of 2026-06-30, its secured cash by quarter on
// both scopes, and what its Half project debt scenario does to cash and coverage on the way.
func ExampleTimeline() {
	u := model.WorkedExample() // SPEC §3a
	res := model.Compute(u)
	mt := model.Timeline(u, res, model.DefaultTimelineParams())[0]
	// Rounded for display only.
	for _, c := range mt.Secured {
		fmt.Printf("%s: cash", c.Scope)
		for k := range 5 {
			fmt.Printf(" %s %s", mt.Q0.Add(k), c.Cash[k].StringFixed(2))
		}
		fmt.Printf("\n  peak funding need %s in %s, runway to %s\n", c.PeakNeed.StringFixed(2),
			c.PeakQuarter.Label(mt.Q0), c.Runway.Label(mt.Q0))
	}
	for _, c := range mt.Financed {
		fmt.Printf("%s: min cash %s in %s, trough coverage %s in %s, FCF per diluted share %s from %s, flags %d\n",
			res.Scenarios[c.Scenario].Name, c.MinCash.StringFixed(2), c.MinCashQuarter.Label(mt.Q0),
			c.TroughCoverage.Decimal.StringFixed(4), c.TroughQuarter.Label(mt.Q0),
			c.FCFPerShare.Decimal.StringFixed(4), c.FCFQuarter.Label(mt.Q0), len(c.Flags))
	}
	// Output:
	// Near-term: cash 2026Q2 277.50 2026Q3 106.06 2026Q4 -66.31 2027Q1 -239.63 2027Q2 -201.90
	//   peak funding need 289.63 in 2027Q1, runway to 2026Q3
	// Full pipeline: cash 2026Q2 277.50 2026Q3 106.06 2026Q4 -66.31 2027Q1 -239.63 2027Q2 -333.15
	//   peak funding need 663.73 in 2028Q1, runway to 2026Q3
	// Half project debt: min cash 58.04 in 2027Q1, trough coverage 0.9543 in 2027Q1, FCF per diluted share 1.1217 from 2027Q2, flags 0
}
