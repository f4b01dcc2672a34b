package model

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func day(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

func TestQuarter(t *testing.T) {
	q0 := QuarterOf(day(2026, 6, 30))
	tests := []struct {
		name  string
		q     Quarter
		label string
		index int // relative to 2026Q2
	}{
		{"as-of date", q0, "2026Q2", 0},
		{"first day of the next quarter", QuarterOf(day(2026, 7, 1)), "2026Q3", 1},
		{"last day of the year", QuarterOf(day(2026, 12, 31)), "2026Q4", 2},
		{"across the year", QuarterOf(day(2027, 1, 1)), "2027Q1", 3},
		{"add three", q0.Add(3), "2027Q1", 3},
		{"add back", q0.Add(-6), "2024Q4", -6},
		{"the horizon's last quarter", q0.Add(Horizon - 1), "2036Q1", 39},
		{"local time keeps its own calendar", QuarterOf(time.Date(2026, 3, 31, 23, 0, 0, 0, time.FixedZone("UTC-5", -5*3600))), "2026Q1", -1},
		{"before year 1", Quarter(-1), "-1Q4", -8106},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.String(); got != tc.label {
				t.Errorf("label %s, want %s", got, tc.label)
			}
			if got := tc.q.Sub(q0); got != tc.index {
				t.Errorf("index %d, want %d", got, tc.index)
			}
		})
	}
	labels := []struct {
		i    QuarterIndex
		want string
	}{{QuarterIndex{}, ""}, {quarterAt(-1), "now"}, {quarterAt(0), "2026Q2"}, {quarterAt(7), "2028Q1"}}
	for _, l := range labels {
		if got := l.i.Label(q0); got != l.want {
			t.Errorf("Label(%+v) = %q, want %q", l.i, got, l.want)
		}
	}
}

// lineFigures names every quarter of every line of a case, "Capex Q3", and each line's total,
// "Σ Capex", for checkFigures.
func lineFigures(c *CashFlows) map[string]any {
	got := map[string]any{"opening": c.Opening}
	add := func(name string, l *Line) {
		for k := range l {
			got[fmt.Sprintf("%s Q%d", name, k)] = l[k]
		}
		got["Σ "+name] = l.Sum()
	}
	for _, l := range c.Lines() {
		add(l.Name, l.Line)
	}
	add("EBITDA", &c.EBITDA)
	add("Interest", &c.Interest)
	add("Cash", &c.Cash)
	return got
}

func securedFigures(c *SecuredCase) map[string]any {
	got := lineFigures(c.Flows)
	got["peak need"] = c.PeakNeed
	return got
}

func financedFigures(c *FinancedCase) map[string]any {
	got := lineFigures(c.Flows)
	got["min cash"], got["trough"], got["fcf"] = c.MinCash, c.TroughCoverage, c.FCFPerShare
	return got
}

func checkLabels(t *testing.T, q0 Quarter, got map[string]QuarterIndex, want map[string]string) {
	t.Helper()
	for name, w := range want {
		if g := got[name].Label(q0); g != w {
			t.Errorf("%s quarter %q, want %q", name, g, w)
		}
	}
}

// TestTimelineWorkedExample checks every figure of SPEC §3b's worked example: §3a's miner EX, as
// of 2026-06-30 (Q0 = 2026Q2), 4 build quarters, Pipeline projects starting in Q4.
func TestTimelineWorkedExample(t *testing.T) {
	u := exampleUniverse()
	mt := Timeline(u, Compute(u), DefaultTimelineParams())[0]
	if mt.Q0.String() != "2026Q2" {
		t.Fatalf("Q0 %s, want 2026Q2", mt.Q0)
	}

	t.Run("secured near term", func(t *testing.T) {
		c := &mt.Secured[NearTerm]
		checkFigures(t, securedFigures(c), map[string]string{
			// Opening 300 + 1,000 × 60,000 / 1e6 × 0.8 = 348.
			"opening": "348",
			// P1, no dates: s = 0, e' = 0 + 4 − 1 = 3; capex 900 / 4 = 225 in Q0–Q3.
			"Capex Q0": "225", "Capex Q3": "225", "Capex Q4": "0", "Σ Capex": "900",
			// Prepayment 100 in quarter s = 0.
			"Prepayments Q0": "100", "Σ Prepayments": "100",
			// Committed 200 drawn 200 × 225 / 900 = 50 a quarter.
			"Project debt drawn Q0": "50", "Project debt drawn Q3": "50", "Σ Project debt drawn": "200",
			// NOI 161.5 / 4 = 40.375 from e' + 1 = Q4 for 40 quarters; 36 of them in the horizon.
			"NOI Q3": "0", "NOI Q4": "40.375", "NOI Q39": "40.375", "Σ NOI": "1453.5",
			// Interest 0.075 / 4 × the balance at the end of the quarter before: 0, 50 × 0.01875 =
			// 0.9375, 100 × 0.01875 = 1.875, 150 × 0.01875 = 2.8125, 200 × 0.01875 = 3.75.
			"Project debt interest Q0": "0", "Project debt interest Q1": "0.9375",
			"Project debt interest Q2": "1.875", "Project debt interest Q3": "2.8125",
			"Project debt interest Q4": "3.75",
			// Payment 200 × 0.01875 / (1 − 1.01875^−40) = 7.151826; principal 7.151826 − 3.75.
			"Project debt principal Q3": "0", "Project debt principal Q4": "~3.401826",
			// Mining 40 / 4 = 10; existing interest (400 − 200) × 0.09 + 200 × 0.02 = 22, / 4 = 5.5.
			"Mining EBITDA Q0": "10", "Existing interest Q0": "5.5", "Existing interest Q39": "5.5",
			// 348 + 10 + 100 + 50 − 225 − 5.5 − 0 = 277.5; 277.5 + 10 + 50 − 225 − 5.5 − 0.9375 =
			// 106.0625; 106.0625 + 10 + 50 − 225 − 5.5 − 1.875 = −66.3125; −66.3125 + 10 + 50 − 225
			// − 5.5 − 2.8125 = −239.625; −239.625 + 10 + 40.375 − 5.5 − 7.151826 = −201.901826; then
			// + 50.375 − 5.5 − 7.151826 = +37.723174 a quarter.
			"Cash Q0": "277.5", "Cash Q1": "106.0625", "Cash Q2": "-66.3125", "Cash Q3": "-239.625",
			"Cash Q4": "~-201.901826", "Cash Q5": "~-164.178651", "Cash Q6": "~-126.455477",
			"Cash Q7": "~-88.732302", "Cash Q8": "~-51.009128",
			// 50 − (−239.625) = 289.625.
			"peak need": "289.625",
		})
		checkLabels(t, mt.Q0, map[string]QuarterIndex{"peak": c.PeakQuarter, "runway": c.Runway},
			// Peak at Q3 = 2027Q1; cash first below 50 in Q2 = 2026Q4, so the runway ends in Q1.
			map[string]string{"peak": "2027Q1", "runway": "2026Q3"})
	})

	t.Run("secured full pipeline", func(t *testing.T) {
		c := &mt.Secured[FullPipeline]
		checkFigures(t, securedFigures(c), map[string]string{
			// P2, Pipeline with no dates: s = 4, e' = 7; 525 / 4 = 131.25 in Q4–Q7.
			"Capex Q3": "225", "Capex Q4": "131.25", "Capex Q7": "131.25", "Capex Q8": "0", "Σ Capex": "1425",
			// As near term to Q3, then 131.25 less each quarter Q4–Q7: −201.901826 − 131.25 =
			// −333.151826, … −613.732302; Q8 −51.009128 − 4 × 131.25 = −576.009128.
			"Cash Q3": "-239.625", "Cash Q4": "~-333.151826", "Cash Q5": "~-426.678651",
			"Cash Q6": "~-520.205477", "Cash Q7": "~-613.732302", "Cash Q8": "~-576.009128",
			// 50 + 613.732302.
			"peak need": "~663.732302",
		})
		checkLabels(t, mt.Q0, map[string]QuarterIndex{"peak": c.PeakQuarter, "runway": c.Runway},
			map[string]string{"peak": "2028Q1", "runway": "2026Q3"})
	})

	t.Run("financed half project debt", func(t *testing.T) {
		c := &mt.Financed[0]
		checkFigures(t, financedFigures(c), map[string]string{
			// EQ 151 in Q0.
			"New money Q0": "151", "New money Q1": "0",
			// PD gross 151 / 0.98 = 154.081633, all P1's (P2 is not near term): 154.081633 × 225 /
			// 900 = 38.520408 a quarter, bringing × 0.98 = 37.75; with the committed 50: 87.75.
			"Project debt drawn Q0": "~87.75", "Project debt drawn Q3": "~87.75", "Project debt drawn Q4": "0",
			// 277.5 + 151 + 37.75 = 466.25; 106.0625 + 151 + 2 × 37.75 − 0.722258 (38.520408 ×
			// 0.01875) = 331.840242; … ; Q4 adds the new debt's payment 154.081633 × 0.01875 /
			// (1 − 1.01875^−40) = 5.509850.
			"Cash Q0": "~466.25", "Cash Q1": "~331.840242", "Cash Q2": "~195.770727",
			"Cash Q3": "~58.041454", "Cash Q4": "~90.254804",
			"min cash": "~58.041454",
			// Q3: 5.5 + 2.8125 + 115.561224 × 0.01875 = 10.479273 against EBITDA 40 / 4 = 10.
			"Interest Q3": "~10.479273", "EBITDA Q3": "10", "trough": "~0.954265",
			// Q4–Q7: 4 × (50.375 − 5.5 − 7.151826 − 5.509850) = 128.853296, + 200 × 0.02 = 4,
			// / 118.442352 = 1.121671.
			"fcf": "~1.121671",
		})
		checkLabels(t, mt.Q0, map[string]QuarterIndex{"min cash": c.MinCashQuarter, "trough": c.TroughQuarter,
			"fcf": c.FCFQuarter}, map[string]string{"min cash": "2027Q1", "trough": "2027Q1", "fcf": "2027Q2"})
		if len(c.Flags) != 0 {
			t.Errorf("flags %v, want none (58.04 ≥ 50)", c.Flags)
		}
	})
}

// timelineMiner is one miner with round numbers: price 10, 100 m shares, nothing else unless a
// test sets it.
func timelineMiner() Miner {
	return Miner{Ticker: "M", SharePrice: d("10"), SharesOutstanding: d("100")}
}

// timelineUniverse is one miner and its projects as of 2026-06-30 (Q0 = 2026Q2) under the
// default assumptions, with the given scenarios (all equity when none).
func timelineUniverse(m Miner, ps []Project, scenarios ...Scenario) Universe {
	a := DefaultAssumptions()
	a.AsOf = day(2026, 6, 30)
	for i := range ps {
		ps[i].Ticker, ps[i].Name = m.Ticker, fmt.Sprint("P", i+1)
		if !ps[i].CapexPerMW.Valid {
			ps[i].CapexPerMW = nd("10")
		}
	}
	if len(scenarios) == 0 {
		scenarios = []Scenario{mixOf("All equity", "1", "0", "0", "0")}
	}
	return Universe{Assumptions: a, Miners: []Miner{m}, Projects: ps, Scenarios: scenarios}
}

// TestSecuredTimeline checks each rule of SPEC §3b on one project, as of 2026-06-30 (Q0 =
// 2026Q2, Q39 = 2036Q1), capex 10 per MW, every other assumption default.
func TestSecuredTimeline(t *testing.T) {
	tests := []struct {
		name   string
		miner  func(*Miner)
		p      Project
		params TimelineParams
		scope  Scope
		want   map[string]string
		labels map[string]string // peak and runway
	}{
		{
			// Start 2025Q1 (−5) and energization 2026Q1 (−1): s = max(0, −5) = 0, e' = max(0, −1)
			// = 0, so the remaining 10 × 10 = 100 is spent in Q0. Contract 40 over 1 year: NOI 40 ×
			// 0.85 / 4 = 8.5 for m = 4 quarters from e' + 1 = Q1. Cash 0 − 100, then + 8.5.
			name: "dates in the past",
			p: Project{Status: UnderConstruction, MW: d("10"), Start: day(2025, 1, 15), Energization: day(2026, 3, 1),
				ContractValue: d("40"), ContractYears: d("1")},
			want: map[string]string{"Capex Q0": "100", "Capex Q1": "0", "NOI Q0": "0", "NOI Q1": "8.5",
				"NOI Q4": "8.5", "NOI Q5": "0", "Σ NOI": "34", "Cash Q0": "-100", "Cash Q4": "-66",
				"peak need": "100"},
			labels: map[string]string{"peak": "2026Q2", "runway": "now"},
		},
		{
			// Start 2030Q1 (15), energization 2037Q1 (43): 29 build quarters, 290 / 29 = 10 in
			// Q15–Q38 and Q39 takes 290 − 24 × 10 = 50 (its own 10 and Q40–Q43's). Prepayment 30 in
			// Q15. Committed 145 at the project's 0.08: 145 × 10 / 290 = 5 a quarter, Q39 the
			// rest 145 − 120 = 25; interest 0.08 / 4 × 5 = 0.1 in Q16, 0.02 × 120 = 2.4 in Q39.
			// The contract starts in Q44: no NOI and no repayment inside the horizon.
			name: "energization past quarter 39",
			p: Project{Status: Contracted, MW: d("29"), Start: day(2030, 1, 1), Energization: day(2037, 1, 1),
				ContractValue: d("600"), ContractYears: d("10"), Prepayment: d("30"),
				CommittedProjectDebt: d("145"), ProjectDebtRate: nd("0.08")},
			want: map[string]string{"Capex Q14": "0", "Capex Q15": "10", "Capex Q38": "10", "Capex Q39": "50",
				"Σ Capex": "290", "Prepayments Q15": "30", "Σ Prepayments": "30",
				"Project debt drawn Q15": "5", "Project debt drawn Q39": "25", "Σ Project debt drawn": "145",
				"Project debt interest Q15": "0", "Project debt interest Q16": "0.1",
				"Project debt interest Q39": "2.4", "Σ Project debt principal": "0", "Σ NOI": "0"},
		},
		{
			// Pipeline starting 2040Q1 (55): its 5 × 10 = 50 capex and prepayment 10 land in Q39; its
			// displaced mining EBITDA starts after the horizon.
			name: "start past quarter 39",
			p: Project{Status: Pipeline, MW: d("5"), Start: day(2040, 1, 1), ContractValue: d("100"),
				ContractYears: d("5"), Prepayment: d("10"), DisplacedEBITDA: d("4")},
			scope: FullPipeline,
			want: map[string]string{"Capex Q38": "0", "Capex Q39": "50", "Σ Capex": "50", "Prepayments Q39": "10",
				"Σ Displaced mining EBITDA": "0", "Σ NOI": "0"},
		},
		{
			// Energized 2024Q3 (e = −7), spent 60 of 100: s = 0, e' = 0, the 40 left in Q0. The
			// 5-year contract runs 20 quarters from e + 1 = −6 to 13: NOI 200 / 5 × 0.85 / 4 = 8.5
			// in Q0–Q13, 14 × 8.5 = 119. Committed 26 at 0.08 drawn in Q0, repaid over the 13
			// contract quarters after e': payment 26 × 0.02 / (1 − 1.02^−13) = 0.52 / (1 −
			// 1 / 1.293607) = 2.291077; Q1 interest 26 × 0.02 = 0.52, principal 1.771077.
			name: "energized, contract ends inside the horizon",
			p: Project{Status: Energized, MW: d("10"), CapexSpent: nd("60"), Energization: day(2024, 7, 1),
				ContractValue: d("200"), ContractYears: d("5"), CommittedProjectDebt: d("26"),
				ProjectDebtRate: nd("0.08")},
			want: map[string]string{"Capex Q0": "40", "Σ Capex": "40", "NOI Q0": "8.5", "NOI Q13": "8.5",
				"NOI Q14": "0", "Σ NOI": "119", "Project debt drawn Q0": "26",
				"Project debt interest Q1": "0.52", "Project debt principal Q1": "~1.771077",
				"Project debt principal Q13": "~2.246154", "Project debt principal Q14": "0",
				"Project debt interest Q14": "0", "Σ Project debt principal": "26"},
		},
		{
			// Energized 2020Q1 with a 2-year contract, over by 2021Q4: no contract quarter after
			// e' = 0, so the committed 40 drawn in Q0 pays interest only, 0.08 / 4 × 40 = 0.8 in
			// Q1–Q39 (39 × 0.8 = 31.2), and is never repaid inside the horizon.
			name: "contract already ended: interest only",
			p: Project{Status: Energized, MW: d("10"), CapexSpent: nd("60"), Energization: day(2020, 1, 1),
				ContractValue: d("80"), ContractYears: d("2"), CommittedProjectDebt: d("40"),
				ProjectDebtRate: nd("0.08")},
			want: map[string]string{"Σ NOI": "0", "Project debt interest Q1": "0.8", "Project debt interest Q39": "0.8",
				"Σ Project debt interest": "31.2", "Σ Project debt principal": "0"},
		},
		{
			// No contract at all: interest only after the build, 0.075 / 4 × 100 = 1.875 from Q4.
			name: "no contract: interest only",
			p:    Project{Status: UnderConstruction, MW: d("10"), CommittedProjectDebt: d("100")},
			want: map[string]string{"Project debt interest Q4": "1.875", "Project debt interest Q39": "1.875",
				"Σ Project debt principal": "0"},
		},
		{
			// s = Pipeline start quarters 4, e' = 4 + 4 − 1 = 7: 100 / 4 = 25 in Q4–Q7. Displaced 8
			// a year: 2 a quarter from Q4, 36 × 2 = 72 in the horizon.
			name:  "pipeline without dates",
			p:     Project{Status: Pipeline, MW: d("10"), DisplacedEBITDA: d("8")},
			scope: FullPipeline,
			want: map[string]string{"Capex Q3": "0", "Capex Q4": "25", "Capex Q7": "25", "Capex Q8": "0",
				"Displaced mining EBITDA Q3": "0", "Displaced mining EBITDA Q4": "2",
				"Σ Displaced mining EBITDA": "72", "EBITDA Q4": "-2"},
		},
		{
			// The same project is not near term: nothing on that scope's timeline.
			name: "pipeline is not near term",
			p:    Project{Status: Pipeline, MW: d("10"), DisplacedEBITDA: d("8")},
			want: map[string]string{"Σ Capex": "0", "Σ Displaced mining EBITDA": "0"},
		},
		{
			// Pipeline start quarters 6, build quarters 2: s = 6, e' = 7, 100 / 2 = 50 each.
			name:   "pipeline with other timing assumptions",
			p:      Project{Status: Pipeline, MW: d("10")},
			params: TimelineParams{BuildQuarters: 2, PipelineStartQuarters: 6},
			scope:  FullPipeline,
			want:   map[string]string{"Capex Q5": "0", "Capex Q6": "50", "Capex Q7": "50", "Σ Capex": "100"},
		},
		{
			// Capex 100 / 3 does not divide: 33.33…3 (20 places) in Q0 and Q1, the rest in Q2, so
			// the quarters sum to 100 exactly.
			name:   "the last build quarter takes the rounding",
			p:      Project{Status: UnderConstruction, MW: d("10")},
			params: TimelineParams{BuildQuarters: 3, PipelineStartQuarters: 4},
			want: map[string]string{"Capex Q0": "33.33333333333333333333", "Capex Q2": "33.33333333333333333334",
				"Σ Capex": "100"},
		},
		{
			// Cash 100, minimum 50, undrawn 60 at 0.1; capex 25 a quarter in Q0–Q3. Q0 75 and Q1
			// 50 draw nothing (not below 50). Q2: 25 → draw 25. Q3: interest 0.025 × 25 = 0.625,
			// 50 − 25 − 0.625 → draw 25.625, balance 50.625. From Q4 each quarter draws its interest,
			// so the balance grows × 1.025: Q4 interest 0.025 × 50.625 = 1.265625. End of Q9 the
			// balance is 50.625 × 1.025^6 = 58.709479, leaving 1.290521; Q10's interest 1.467737
			// exceeds it: cash 50 − 1.467737 + 1.290521 = 49.822784 < 50, so the runway ends in Q9
			// = 2028Q3. Then 60 × 0.025 = 1.5 a quarter: Q39 49.822784 − 29 × 1.5 = 6.322784, peak
			// need 50 − 6.322784 = 43.677216.
			name: "undrawn debt drawn only to hold the minimum cash",
			miner: func(m *Miner) {
				m.Cash, m.MinimumCash, m.UndrawnDebt, m.UndrawnDebtRate = d("100"), d("50"), d("60"), nd("0.1")
			},
			p: Project{Status: UnderConstruction, MW: d("10")},
			want: map[string]string{"Cash Q0": "75", "Cash Q1": "50", "Undrawn debt drawn Q0": "0",
				"Undrawn debt drawn Q1": "0", "Undrawn debt drawn Q2": "25", "Cash Q2": "50",
				"Undrawn debt interest Q3": "0.625", "Undrawn debt drawn Q3": "25.625", "Cash Q3": "50",
				"Undrawn debt interest Q4": "1.265625", "Undrawn debt drawn Q4": "1.265625",
				"Cash Q9": "50", "Undrawn debt interest Q10": "~1.467737", "Undrawn debt drawn Q10": "~1.290521",
				"Cash Q10": "~49.822784", "Σ Undrawn debt drawn": "60", "Undrawn debt interest Q11": "1.5",
				"Cash Q39": "~6.322784", "peak need": "~43.677216"},
			labels: map[string]string{"peak": "2036Q1", "runway": "2028Q3"},
		},
		{
			// Cash 200 never falls below 50 (200 − 100 = 100): nothing drawn, no runway, no peak.
			name: "undrawn debt left undrawn",
			miner: func(m *Miner) {
				m.Cash, m.MinimumCash, m.UndrawnDebt, m.UndrawnDebtRate = d("200"), d("50"), d("60"), nd("0.1")
			},
			p: Project{Status: UnderConstruction, MW: d("10")},
			want: map[string]string{"Σ Undrawn debt drawn": "0", "Σ Undrawn debt interest": "0",
				"Cash Q39": "100", "peak need": "0"},
			labels: map[string]string{"peak": "", "runway": ""},
		},
		{
			// Committed 80 at rate 0, drawn 20 a quarter in Q0–Q3; the 5-year contract gives n =
			// 20 quarters after e' = 3: 80 / 20 = 4 in Q4–Q23, no interest.
			name: "amortisation at r = 0",
			p: Project{Status: Contracted, MW: d("10"), ContractValue: d("100"), ContractYears: d("5"),
				CommittedProjectDebt: d("80"), ProjectDebtRate: nd("0")},
			want: map[string]string{"Project debt drawn Q3": "20", "Project debt principal Q3": "0",
				"Project debt principal Q4": "4", "Project debt principal Q23": "4",
				"Project debt principal Q24": "0", "Σ Project debt principal": "80", "Σ Project debt interest": "0"},
		},
		{
			// A 25-year contract has 100 quarters after e', but repayment takes at most 80: 80 / 80
			// = 1 a quarter from Q4, 36 of them in the horizon.
			name: "at most 80 amortisation quarters",
			p: Project{Status: Contracted, MW: d("10"), ContractValue: d("500"), ContractYears: d("25"),
				CommittedProjectDebt: d("80"), ProjectDebtRate: nd("0")},
			want: map[string]string{"Project debt principal Q4": "1", "Project debt principal Q39": "1",
				"Σ Project debt principal": "36"},
		},
		{
			// Ownership 0.5 of a 20 MW site: remaining 20 × 10 × 0.5 = 100, 25 a quarter;
			// prepayment 40 × 0.5 = 20 in Q0; committed 60 × 0.5 = 30, 7.5 a quarter, interest
			// 0.075 / 4 × 7.5 = 0.140625 in Q1; displaced 8 × 0.5 / 4 = 1 a quarter from Q0;
			// revenue (400 × 0.5 − 20) / 5 = 36, NOI 36 × 0.85 / 4 = 7.65 in Q4–Q23.
			name: "ownership below 1",
			p: Project{Status: Contracted, MW: d("20"), Ownership: nd("0.5"), Prepayment: d("40"),
				CommittedProjectDebt: d("60"), DisplacedEBITDA: d("8"), ContractValue: d("400"),
				ContractYears: d("5")},
			want: map[string]string{"Capex Q0": "25", "Σ Capex": "100", "Prepayments Q0": "20",
				"Project debt drawn Q0": "7.5", "Σ Project debt drawn": "30", "Project debt interest Q1": "0.140625",
				"Displaced mining EBITDA Q0": "1", "Σ Displaced mining EBITDA": "40", "NOI Q3": "0",
				"NOI Q4": "7.65", "NOI Q23": "7.65", "NOI Q24": "0"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := timelineMiner()
			if tc.miner != nil {
				tc.miner(&m)
			}
			u := timelineUniverse(m, []Project{tc.p})
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			params := tc.params
			if params == (TimelineParams{}) {
				params = DefaultTimelineParams()
			}
			mt := Timeline(u, Compute(u), params)[0]
			c := &mt.Secured[tc.scope]
			checkFigures(t, securedFigures(c), tc.want)
			checkLabels(t, mt.Q0, map[string]QuarterIndex{"peak": c.PeakQuarter, "runway": c.Runway}, tc.labels)
		})
	}
}

// TestFinancedTimeline checks each rule of SPEC §3b's financed case, as of 2026-06-30.
func TestFinancedTimeline(t *testing.T) {
	tests := []struct {
		name     string
		miner    func(*Miner)
		ps       []Project
		scenario Scenario
		want     map[string]string
		labels   map[string]string // min cash, trough, fcf
		flags    string
	}{
		{
			// A: 40 MW, build 400, capacity by cost 0.8 × 400 = 320 (its NOI 1,700 services far more).
			// B: 10 MW, build 100, committed 20 at its own 0.1: capacity 0.8 × 100 − 20 = 60.
			// Gap 500 − 100 cash − 20 committed = 380; PD min(380, 380 × 0.98 = 372.4) = 372.4,
			// gross 380, shared 320 to A and 60 to B; equity 7.6 in Q0. Draws in Q0–Q3: A 320 / 4 =
			// 80, B 60 / 4 = 15 new and 20 / 4 = 5 committed: cash (80 + 15) × 0.98 + 5 = 98.1.
			// Capex 125: Q0 100 + 7.6 + 98.1 − 125 = 80.7. New debt at the scenario's 0.06, also on
			// B: Q1 interest 0.06 / 4 × 95 + 0.1 / 4 × 5 = 1.425 + 0.125 = 1.55; Q1 80.7 + 98.1 −
			// 125 − 1.55 = 52.25. Q2 interest 0.015 × 190 + 0.025 × 10 = 3.1, cash 22.25; Q3
			// 0.015 × 285 + 0.025 × 15 = 4.65, cash −9.3: the interest during the build is the
			// shortfall. NOI (1,700 + 425) / 4 from Q4 lifts cash after. No EBITDA before Q4:
			// coverage 0 / 1.55 = 0 from Q1.
			name:  "new project debt shared by capacity at the scenario's rate",
			miner: func(m *Miner) { m.Cash = d("100") },
			ps: []Project{
				{Status: Contracted, MW: d("40"), ContractValue: d("20000"), ContractYears: d("10")},
				{Status: Contracted, MW: d("10"), ContractValue: d("5000"), ContractYears: d("10"),
					CommittedProjectDebt: d("20"), ProjectDebtRate: nd("0.1")},
			},
			scenario: func() Scenario {
				s := mixOf("Project debt", "0", "0", "0", "1")
				s.Overrides = map[AssumptionKey]decimal.Decimal{ProjectDebtRate: d("0.06")}
				return s
			}(),
			want: map[string]string{"New money Q0": "7.6", "Project debt drawn Q0": "98.1",
				"Project debt drawn Q3": "98.1", "Σ Project debt drawn": "392.4", "Cash Q0": "80.7",
				"Project debt interest Q1": "1.55", "Cash Q1": "52.25", "Cash Q2": "22.25", "Cash Q3": "-9.3",
				"NOI Q4": "531.25", "min cash": "-9.3", "trough": "0"},
			labels: map[string]string{"trough": "2026Q3", "min cash": "2027Q1"},
			flags:  "timeline shortfall",
		},
		{
			// Debt 100, Interest blank: 100 × 0.09 / 4 = 2.25 a quarter. Capex 100 in Q0–Q3, gap
			// 100, all equity at price 10 with no fee or discount: 10 new shares, 110 diluted.
			// Cash 100 − 25 − 2.25 = 72.75 in Q0; −9 in Q3; −90 in Q39: a shortfall the static gap
			// did not see. Coverage 0 / 2.25 = 0 from Q0. FCF over Q4–Q7: 4 × (0 − 2.25) = −9,
			// / 110 = −0.081818.
			name:  "interest the static gap leaves out: shortfall",
			miner: func(m *Miner) { m.Debt = d("100") },
			ps:    []Project{{Status: UnderConstruction, MW: d("10")}},
			scenario: Scenario{Name: "All equity", Equity: one, Overrides: map[AssumptionKey]decimal.Decimal{
				EquityFee: zero, EquityDiscount: zero}},
			want: map[string]string{"New money Q0": "100", "Cash Q0": "72.75", "Cash Q3": "-9", "Cash Q39": "-90",
				"min cash": "-90", "trough": "0", "fcf": "~-0.081818"},
			labels: map[string]string{"min cash": "2036Q1", "trough": "2026Q2", "fcf": "2027Q2"},
			flags:  "timeline shortfall",
		},
		{
			// Mining EBITDA −40: −10 a quarter against interest 2.25, coverage −10 / 2.25 =
			// −4.444444 in every quarter, the first being the trough.
			name:     "negative EBITDA: negative coverage",
			miner:    func(m *Miner) { m.Debt, m.MiningEBITDA, m.Cash = d("100"), d("-40"), d("1000") },
			ps:       []Project{{Status: UnderConstruction, MW: d("10")}},
			scenario: mixOf("All equity", "1", "0", "0", "0"),
			want:     map[string]string{"EBITDA Q0": "-10", "trough": "~-4.444444"},
			labels:   map[string]string{"trough": "2026Q2"},
		},
		{
			// No debt, no gap: no quarter has interest, so coverage is n/a. Cash 200 − 25 a quarter
			// to 100 in Q3 and stays: the minimum 100 first in Q3. FCF over Q4–Q7: 0 / 100 = 0.
			name:     "no interest: coverage n/a",
			miner:    func(m *Miner) { m.Cash = d("200") },
			ps:       []Project{{Status: UnderConstruction, MW: d("10")}},
			scenario: mixOf("All equity", "1", "0", "0", "0"),
			want:     map[string]string{"Σ Interest": "0", "trough": "n/a", "min cash": "100", "fcf": "0"},
			labels:   map[string]string{"trough": "", "min cash": "2027Q1", "fcf": "2027Q2"},
		},
		{
			// Energization 2035Q1 (35): FCF over Q36–Q39, the last four quarters.
			name:     "FCF window ending in Q39",
			miner:    func(m *Miner) { m.Cash = d("200") },
			ps:       []Project{{Status: UnderConstruction, MW: d("10"), Energization: day(2035, 1, 1)}},
			scenario: mixOf("All equity", "1", "0", "0", "0"),
			want:     map[string]string{"fcf": "0"},
			labels:   map[string]string{"fcf": "2035Q2"},
		},
		{
			// Energization 2035Q3 (37): the four quarters Q38–Q41 run past Q39, so FCF is n/a.
			name:     "FCF window past the horizon",
			miner:    func(m *Miner) { m.Cash = d("200") },
			ps:       []Project{{Status: UnderConstruction, MW: d("10"), Energization: day(2035, 7, 1)}},
			scenario: mixOf("All equity", "1", "0", "0", "0"),
			want:     map[string]string{"fcf": "n/a"},
			labels:   map[string]string{"fcf": ""},
		},
		{
			// Nothing left to build (Energized, spent blank): FCF over Q0–Q3.
			name:     "FCF with nothing to build",
			miner:    func(m *Miner) { m.Cash, m.MiningEBITDA = d("200"), d("40") },
			ps:       []Project{{Status: Energized, MW: d("10")}},
			scenario: mixOf("All equity", "1", "0", "0", "0"),
			// 4 × 40 / 4 = 40 over Q0–Q3, / 100 shares = 0.4.
			want:   map[string]string{"fcf": "0.4"},
			labels: map[string]string{"fcf": "2026Q2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := timelineMiner()
			if tc.miner != nil {
				tc.miner(&m)
			}
			u := timelineUniverse(m, tc.ps, tc.scenario)
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			mt := Timeline(u, Compute(u), DefaultTimelineParams())[0]
			c := &mt.Financed[0]
			checkFigures(t, financedFigures(c), tc.want)
			checkLabels(t, mt.Q0, map[string]QuarterIndex{"min cash": c.MinCashQuarter,
				"trough": c.TroughQuarter, "fcf": c.FCFQuarter}, tc.labels)
			if got := flagsText(c.Flags); got != tc.flags {
				t.Errorf("flags %q, want %q", got, tc.flags)
			}
		})
	}
}

// BenchmarkTimeline runs the timeline of 1,000 miners × 10 projects and the five default
// scenarios, on a Result computed once.
func BenchmarkTimeline(b *testing.B) {
	u := benchUniverse(1000, 10)
	u.Assumptions.AsOf = day(2026, 6, 30)
	res := Compute(u)
	p := DefaultTimelineParams()
	b.ReportAllocs()
	for b.Loop() {
		for _, mr := range res.Miners {
			TimelineOf(u, mr, p)
		}
	}
}

// TestShortfallTolerance checks the flag's edge: cash at the minimum is no shortfall, nor is a
// dip of 10^−12 (within 10^−9 × max(1, 50) = 5 × 10^−8, far above the model's rounding), while
// a dip of 10^−6 is.
func TestShortfallTolerance(t *testing.T) {
	tests := []struct {
		name, low, flags string
	}{
		{"at the minimum", "50", ""},
		{"a rounding below it", "49.999999999999", ""},
		{"a millionth below it", "49.999999", "timeline shortfall"},
		{"far below it", "-10", "timeline shortfall"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := FinancedCase{Flows: &CashFlows{}}
			for k := range c.Flows.Cash {
				c.Flows.Cash[k] = d("80")
			}
			c.Flows.Cash[5] = d(tc.low)
			c.summarise(d("50"), -1, &Financing{PFDilutedShares: d("100")})
			if got := flagsText(c.Flags); got != tc.flags {
				t.Errorf("flags %q, want %q", got, tc.flags)
			}
			if !c.MinCash.Equal(d(tc.low)) || c.MinCashQuarter != quarterAt(5) {
				t.Errorf("min cash %s at %+v, want %s at Q5", c.MinCash, c.MinCashQuarter, tc.low)
			}
		})
	}
}
