// Package synth generates synthetic input workbooks of any size, seeded, for benchmarks and tests
// of scale: miners × projects × scenarios, with convertibles, warrants and a scenario override.
package synth

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx/input"
)

// Spec sizes a synthetic coverage universe: Miners companies with Projects sites each and
// Scenarios financing cases. The same spec and seed always give the same workbook.
type Spec struct {
	Miners, Projects, Scenarios int
	Seed                        uint64
}

func (s Spec) String() string {
	return fmt.Sprintf("%dx%dx%d", s.Miners, s.Projects, s.Scenarios)
}

// synthHeaderUnit is the unit a synthetic header states in parentheses, as an analyst writes it
// (SPEC §2); kinds without a customary unit get a bare header.
var synthHeaderUnit = map[model.Kind]string{
	model.KindMoney:  "USD m",
	model.KindPerMW:  "USD m per MW",
	model.KindPrice:  "USD",
	model.KindShares: "m",
	model.KindMW:     "MW",
	model.KindBTC:    "BTC",
	model.KindYears:  "years",
}

func synthHeader(c input.Column) string {
	if u, ok := synthHeaderUnit[c.Kind]; ok && !c.Text {
		return c.Name + " (" + u + ")"
	}
	return c.Name
}

// synthTicker is an all-letter ticker (ZAAAA, ZAAAB, ...): never a cell address, unique up to
// 26^4 miners.
func synthTicker(i int) string {
	b := []byte("ZAAAA")
	for k := len(b) - 1; k > 0 && i > 0; k-- {
		b[k] = byte('A' + i%26)
		i /= 26
	}
	return string(b)
}

// synthOverride is the assumption every synthetic Scenarios sheet overrides in some rows.
const synthOverride = model.FieldProjectDebtRate

// synthRng draws analyst-looking figures: rounded to a few decimals, as typed into a sheet.
type synthRng struct{ *rand.Rand }

func (r synthRng) between(lo, hi float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round((lo+r.Float64()*(hi-lo))*p) / p
}

func (r synthRng) chance(p float64) bool { return r.Float64() < p }

// synthSheet streams one sheet: a header row from the table's columns, then one row per map,
// cells in column order (missing keys stay blank).
func synthSheet(f *excelize.File, t input.Table, extra []string, rows []map[string]any) error {
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	var names []string
	var header []any
	for _, c := range t.Columns {
		names = append(names, c.Name)
		header = append(header, synthHeader(c))
	}
	for _, e := range extra {
		names = append(names, e)
		header = append(header, e)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, m := range rows {
		vals := make([]any, len(names))
		for j, n := range names {
			vals[j] = m[n]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func synthTable(name string) input.Table {
	for _, t := range input.Tables {
		if t.Name == name {
			return t
		}
	}
	panic("no input table " + name)
}

// Workbook returns a valid input workbook for spec: every required column, most optional
// ones, a convertible for every third miner and a warrant for every fifth, per-project values
// that shadow the Assumptions in some rows, and a scenario override column.
func Workbook(spec Spec) ([]byte, error) {
	r := synthRng{rand.New(rand.NewPCG(spec.Seed, 0x6d696e6572676170))}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", model.TableAssumptions); err != nil {
		return nil, err
	}
	for _, s := range []string{model.TableMiners, model.TableProjects, model.TableInstruments, model.TableScenarios} {
		if _, err := f.NewSheet(s); err != nil {
			return nil, err
		}
	}

	var assumptions []map[string]any
	for _, d := range model.AssumptionDefs {
		row := map[string]any{model.FieldAssumption: d.Name, model.FieldUnit: d.Unit, model.FieldSource: "synthetic"}
		switch d.Key {
		case model.AsOfDate:
			row[model.FieldValue] = "2026-06-30"
		case model.BTCPrice:
			row[model.FieldValue] = 95000.0
		case model.TornadoScenario:
			continue // blank: the first scenario
		default:
			v, err := strconv.ParseFloat(d.Default, 64)
			if err != nil {
				return nil, err
			}
			row[model.FieldValue] = v
		}
		assumptions = append(assumptions, row)
	}

	var miners, projects, instruments []map[string]any
	for i := range spec.Miners {
		ticker := synthTicker(i)
		price := r.between(3, 60, 2)
		shares := r.between(50, 600, 1)
		m := map[string]any{
			model.FieldTicker:            ticker,
			model.FieldCompany:           "Synthetic Miner " + strconv.Itoa(i+1),
			model.FieldSharePrice:        price,
			model.FieldSharesOutstanding: shares,
			model.FieldCash:              r.between(20, 1500, 1),
			model.FieldDebt:              r.between(0, 800, 1),
			model.FieldMinimumCash:       r.between(10, 100, 0),
			model.FieldMiningEBITDA:      r.between(0, 300, 1),
			model.FieldInclude:           "Y",
			model.FieldSource:            "https://example.com/synthetic/" + ticker,
		}
		if r.chance(0.6) {
			m[model.FieldBTCHeld] = r.between(100, 20000, 0)
		}
		if r.chance(0.3) {
			m[model.FieldInterest] = r.between(5, 80, 1)
		}
		if r.chance(0.3) {
			m[model.FieldUndrawnDebt] = r.between(50, 500, 0)
			if r.chance(0.5) {
				m[model.FieldUndrawnDebtRate] = r.between(0.06, 0.12, 3)
			}
		}
		if r.chance(0.2) {
			m[model.FieldOtherCommitted] = r.between(50, 400, 0)
		}
		if r.chance(0.3) {
			m[model.FieldOtherUses] = r.between(10, 300, 0)
		}
		if i%3 == 0 {
			principal := r.between(100, 1000, 0)
			m[model.FieldDebt] = m[model.FieldDebt].(float64) + principal
			instruments = append(instruments, map[string]any{
				model.FieldTicker:          ticker,
				model.FieldInstrument:      "Convertible notes 2030",
				model.FieldType:            model.Convertible.String(),
				model.FieldPrincipal:       principal,
				model.FieldConversionPrice: math.Round(price*r.between(1.2, 2, 2)*100) / 100,
				model.FieldCoupon:          r.between(0, 0.04, 4),
				model.FieldMaturity:        "2030-12-01",
				model.FieldInclude:         "Y",
				model.FieldSource:          "https://example.com/synthetic/" + ticker + "/notes",
			})
		}
		if i%5 == 0 {
			instruments = append(instruments, map[string]any{
				model.FieldTicker:          ticker,
				model.FieldInstrument:      "Tenant warrants",
				model.FieldType:            "Warrant",
				model.FieldShares:          r.between(1, 20, 2),
				model.FieldConversionPrice: math.Round(price*r.between(0.5, 1.5, 2)*100) / 100,
				model.FieldInclude:         "Y",
				model.FieldSource:          "https://example.com/synthetic/" + ticker + "/warrants",
			})
		}
		miners = append(miners, m)

		for k := range spec.Projects {
			projects = append(projects, synthProject(r, ticker, k))
		}
	}

	mixes := [][4]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0.5, 0, 0, 0.5}, {0.4, 0.2, 0.2, 0.2}}
	var scenarios []map[string]any
	for k := range spec.Scenarios {
		mix := mixes[k%len(mixes)]
		if k >= len(mixes) {
			// Whole percentages summing to exactly 100.
			a, b, c := r.IntN(40), r.IntN(30), r.IntN(30)
			mix = [4]float64{float64(a) / 100, float64(b) / 100, float64(c) / 100, float64(100-a-b-c) / 100}
		}
		s := map[string]any{
			model.FieldScenario:      "Case " + strconv.Itoa(k+1),
			model.FieldScope:         []string{"Near-term", "Full pipeline"}[k%2],
			model.FieldEquity:        mix[0],
			model.FieldConvertible:   mix[1],
			model.FieldCorporateDebt: mix[2],
			model.FieldProjectDebt:   mix[3],
			model.FieldInclude:       "Y",
		}
		if k%3 == 1 {
			s[model.FieldSharePriceChange] = -0.2
		}
		if k%3 == 2 {
			s[model.FieldCapexChange] = 0.1
			s[synthOverride] = 0.085
		}
		scenarios = append(scenarios, s)
	}

	sheets := []struct {
		name  string
		extra []string
		rows  []map[string]any
	}{
		{model.TableAssumptions, nil, assumptions},
		{model.TableMiners, nil, miners},
		{model.TableProjects, nil, projects},
		{model.TableInstruments, nil, instruments},
		{model.TableScenarios, []string{synthOverride}, scenarios},
	}
	for _, s := range sheets {
		if err := synthSheet(f, synthTable(s.name), s.extra, s.rows); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// synthProject is the k-th site of a miner: a mix of statuses, some GPU-cloud, contracts on
// most built or contracted sites, and per-project values that shadow the Assumptions in some rows.
func synthProject(r synthRng, ticker string, k int) map[string]any {
	statuses := []string{"Energized", "Under construction", "Contracted", "Pipeline"}
	status := statuses[r.IntN(len(statuses))]
	mw := r.between(20, 400, 0)
	p := map[string]any{
		model.FieldTicker:  ticker,
		model.FieldProject: "Site " + strconv.Itoa(k+1),
		model.FieldStatus:  status,
		model.FieldITMW:    mw,
		model.FieldInclude: "Y",
		model.FieldSource:  "https://example.com/synthetic/" + ticker + "/site-" + strconv.Itoa(k+1),
	}
	capex := 10.5
	if r.chance(0.4) {
		capex = r.between(8, 14, 2)
		p[model.FieldCapexPerMW] = capex
	}
	if r.chance(0.2) {
		p[model.FieldModel] = "GPU cloud"
		if r.chance(0.5) {
			p[model.FieldGPUCapexPerMW] = r.between(20, 35, 1)
		}
	} else if r.chance(0.5) {
		p[model.FieldModel] = "Colocation"
	}
	switch status {
	case "Energized":
		if r.chance(0.5) {
			p[model.FieldCapexSpent] = math.Round(mw * capex)
		}
		p[model.FieldStartDate] = "2024-03-01"
		p[model.FieldEnergizationDate] = "2025-09-01"
	case "Under construction":
		p[model.FieldCapexSpent] = math.Round(mw * capex * r.between(0.1, 0.7, 2))
		p[model.FieldStartDate] = "2025-06-01"
		p[model.FieldEnergizationDate] = "2027-03-01"
	}
	contracted := status == "Contracted" || status != "Pipeline" && r.chance(0.7)
	if contracted {
		years := float64(5 + r.IntN(11))
		value := math.Round(mw * r.between(1.2, 2.4, 2) * years)
		p[model.FieldTenant] = "Tenant " + strconv.Itoa(1+r.IntN(12))
		p[model.FieldContractValue] = value
		p[model.FieldContractYears] = years
		if r.chance(0.3) {
			p[model.FieldPrepayment] = math.Round(value * r.between(0.02, 0.1, 2))
		}
		if r.chance(0.4) {
			p[model.FieldCommittedProjectDebt] = math.Round(mw * capex * r.between(0.2, 0.6, 2))
		}
	}
	if r.chance(0.3) {
		p[model.FieldNOIMargin] = r.between(0.75, 0.9, 2)
	}
	if r.chance(0.3) {
		p[model.FieldLoanToCost] = r.between(0.6, 0.85, 2)
	}
	if r.chance(0.3) {
		p[model.FieldProjectDebtRate] = r.between(0.06, 0.095, 3)
	}
	return p
}
