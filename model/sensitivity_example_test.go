package model_test

import (
	"fmt"

	"minergap/model"
)

// SPEC §3c on §3a's worked example: the grids' centres are the scenario's own figures, the
// tornado leads with the drivers that move dilution most, and the solves say at what share price
// the raise dilutes by 15% and how much capex the secured funding covers.
func ExampleSensitivities() {
	u := model.WorkedExample() // SPEC §3a
	res := model.Compute(u)
	ms := model.Sensitivities(u, res, model.DefaultSensitivityParams())[0]
	fmt.Printf("centres: dilution %s, gap %s\n", ms.DilutionGrid.Centre().StringFixed(6), ms.GapGrid.Centre())
	for _, b := range ms.Tornado[:4] {
		fmt.Printf("%-18s %6s / %-6s gap %5s / %-5s dilution %s / %s\n", b.Driver, b.Low, b.High, b.GapLow, b.GapHigh,
			b.DilutionLow.StringFixed(6), b.DilutionHigh.StringFixed(6))
	}
	s := ms.Solves[0]
	fmt.Printf("share price for 15%% dilution %s, capex change to close the gap %s\n",
		s.SharePriceForTargetDilution.Decimal, s.CapexChangeToCloseGap.Decimal)
	// Output:
	// centres: dilution 0.073580, gap 302
	// Capex change        -0.15 / 0.15   gap   152 / 452   dilution 0.038438 / 0.106243
	// Share price change   -0.3 / 0.3    gap   302 / 302   dilution 0.101900 / 0.057577
	// BTC price           42000 / 78000  gap 316.4 / 287.6 dilution 0.076818 / 0.070318
	// Equity discount     0.015 / 0.045  gap   302 / 302   dilution 0.072540 / 0.074649
	// share price for 15% dilution 9.0013324918, capex change to close the gap -0.302
}
