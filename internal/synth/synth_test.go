package synth

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

func TestSynthUniverse(t *testing.T) {
	tests := []struct {
		spec Spec
		// Rows per sheet, the header included: instruments are a convertible for miners 0, 3,
		// 6, ... and a warrant for miners 0, 5, 10, ...
		miners, projects, instruments, scenarios int
	}{
		// 7 miners: convertibles for 0, 3, 6 (3) and warrants for 0, 5 (2) → 5 + 1 header.
		{Spec{Miners: 7, Projects: 3, Scenarios: 2, Seed: 1}, 8, 22, 6, 3},
		// 30 miners: 10 convertibles + 6 warrants → 16 + 1; 30 × 4 = 120 projects + 1.
		{Spec{Miners: 30, Projects: 4, Scenarios: 8, Seed: 2}, 31, 121, 17, 9},
	}
	for _, tt := range tests {
		t.Run(tt.spec.String(), func(t *testing.T) {
			data, err := Workbook(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Workbook(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			d1, err := xlsx.Dump(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			d2, err := xlsx.Dump(bytes.NewReader(again))
			if err != nil {
				t.Fatal(err)
			}
			if d1 != d2 {
				t.Errorf("two workbooks from the same spec and seed differ")
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := map[string]int{
				model.TableAssumptions: len(model.AssumptionDefs), // the header, and every assumption but the Tornado scenario, left blank
				model.TableMiners:      tt.miners,
				model.TableProjects:    tt.projects,
				model.TableInstruments: tt.instruments,
				model.TableScenarios:   tt.scenarios,
			}
			for sheet, n := range want {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != n {
					t.Errorf("%s: %d rows, want %d", sheet, len(rows), n)
				}
			}
		})
	}
}

// TestSynthUniverseReads checks that the benchmarks' synthetic workbooks are valid input: the
// reader takes every row, and no warning says a value was guessed.
func TestSynthUniverseReads(t *testing.T) {
	// 12 miners: convertibles for 0, 3, 6, 9 (4) and warrants for 0, 5, 10 (3) → 7
	// instruments; 12 × 3 = 36 projects; scenarios 3 and 6 (k = 2, 5) carry the override.
	spec := Spec{Miners: 12, Projects: 3, Scenarios: 7, Seed: 3}
	data, err := Workbook(spec)
	if err != nil {
		t.Fatal(err)
	}
	book, err := input.ReadBytes("synthetic.xlsx", data)
	if err != nil {
		t.Fatalf("synthetic workbook does not read: %v", err)
	}
	u := book.Universe
	got := []int{len(u.Miners), len(u.Projects), len(u.Instruments), len(u.Scenarios)}
	want := []int{12, 36, 7, 7}
	if !slices.Equal(got, want) {
		t.Errorf("miners, projects, instruments, scenarios = %v, want %v", got, want)
	}
	key := model.ProjectDebtRate
	for k, s := range u.Scenarios {
		v, ok := s.Overrides[key]
		if wantOK := k%3 == 2; ok != wantOK || ok && v.String() != "0.085" {
			t.Errorf("scenario %d: override %s = %v (%v), want present %v with 0.085", k+1, synthOverride, v, ok, wantOK)
		}
	}
	for _, e := range book.Log {
		if e.Level == input.LevelWarning {
			t.Errorf("warning on a synthetic workbook: %s: %s", e.Pos, e.Text)
		}
	}
}
