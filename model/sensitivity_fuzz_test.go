package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzSensitivity checks §3c's invariants on any universe Validate accepts: each solve is held to
// its definition with Compute on its final bracket, and the shortcut to the 60 plain halvings
// (checkSolves); each grid's centre and the tornado's base are the scenario's own figures; the
// tornado is sorted by swing; every dilution lies in [0, 1) and every gap is at least 0.
func FuzzSensitivity(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(15+20*i), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, target, tornado uint8) {
		u := fuzzUniverse(data)
		if len(Validate(u)) > 0 {
			t.Skip()
		}
		checkSolves(t, u, decimal.New(int64(target%100), -2))
		res := Compute(u)
		ti := int(tornado) % len(res.Scenarios)
		for _, ms := range Sensitivities(u, res, SensitivityParams{TornadoScenario: ti, TargetDilution: decimal.New(15, -2)}) {
			f := res.Miners[ms.Index].Financings[ti]
			if !ms.DilutionGrid.Centre().Equal(f.DilutionBasic) || !ms.GapGrid.Centre().Equal(f.Gap) ||
				!ms.BaseDilution.Equal(f.DilutionBasic) || !ms.BaseGap.Equal(f.Gap) {
				t.Fatalf("%s: centres %s / %s, scenario %s / %s", u.Miners[ms.Index].Ticker, ms.DilutionGrid.Centre(),
					ms.GapGrid.Centre(), f.DilutionBasic, f.Gap)
			}
			for i := range ms.DilutionGrid.Values {
				for j := range ms.DilutionGrid.Values[i] {
					if x := ms.DilutionGrid.Values[i][j]; x.Sign() < 0 || x.Cmp(one) >= 0 {
						t.Fatalf("dilution %s outside [0, 1)", x)
					}
					if x := ms.GapGrid.Values[i][j]; x.Sign() < 0 {
						t.Fatalf("gap %s below 0", x)
					}
				}
			}
			for i := 1; i < len(ms.Tornado); i++ {
				if ms.Tornado[i].Swing().GreaterThan(ms.Tornado[i-1].Swing()) {
					t.Fatalf("bar %s swings more than %s before it", ms.Tornado[i].Driver, ms.Tornado[i-1].Driver)
				}
			}
		}
	})
}

// FuzzSensitivityAnyInput checks that Sensitivities never panics or hangs, even on values Validate
// rejects (the wild values and setters of FuzzComputeAnyInput).
func FuzzSensitivityAnyInput(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, []byte{byte(i), byte(3 * i), byte(7 * i), byte(11 * i)}, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data, edits []byte, tornado uint8) {
		u := fuzzUniverse(data)
		for i := 0; i+1 < len(edits); i += 2 {
			wildSetters[int(edits[i])%len(wildSetters)](&u, wildValues[int(edits[i+1])%len(wildValues)])
		}
		res := Compute(u)
		Sensitivities(u, res, SensitivityParams{TornadoScenario: int(tornado%4) - 1, TargetDilution: wildValues[int(tornado)%len(wildValues)]})
	})
}
