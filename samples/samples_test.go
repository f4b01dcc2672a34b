package samples

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"minergap/model"
)

func TestExampleRows(t *testing.T) {
	u, ann := Example()
	var got []string
	for _, m := range u.Miners {
		got = append(got, m.Ticker)
	}
	if strings.Join(got, " ") != strings.Join(Tickers, " ") {
		t.Errorf("miners %v, want %v", got, Tickers)
	}
	if errs := model.Validate(u); len(errs) > 0 {
		t.Errorf("the sample does not validate: %v", errs)
	}
	rows := map[string]int{
		model.TableMiners:      len(u.Miners),
		model.TableProjects:    len(u.Projects),
		model.TableInstruments: len(u.Instruments),
		model.TableScenarios:   len(u.Scenarios),
	}
	for table, n := range rows {
		for i := 0; i < n; i++ {
			for _, field := range []string{"Source", "Note"} {
				if ann[model.Ref{Table: table, Row: i, Field: field}] == "" {
					t.Errorf("%s row %d has no %s", table, i, field)
				}
			}
		}
	}
	for _, def := range model.AssumptionDefs {
		note := ann[model.Ref{Table: model.TableAssumptions, Row: int(def.Key), Field: "Note"}]
		src := ann[model.Ref{Table: model.TableAssumptions, Row: int(def.Key), Field: "Source"}]
		if note == "" || src == "" {
			t.Errorf("assumption %s has note %q and source %q", def.Name, note, src)
		}
		// Only the BTC price is market data; every other assumption is the analyst's choice.
		if def.Key != model.BTCPrice && !strings.Contains(note, "analyst assumption") {
			t.Errorf("assumption %s is not marked as an analyst assumption: %q", def.Name, note)
		}
	}
	asOf := ann[model.Ref{Table: model.TableAssumptions, Row: int(model.AsOfDate), Field: "Note"}]
	if !strings.Contains(asOf, "mixed dates (January to June 2026)") {
		t.Errorf("As of date note %q does not say the inputs are of mixed dates", asOf)
	}
	for i, m := range u.Miners {
		note := ann[model.Ref{Table: model.TableMiners, Row: i, Field: "Note"}]
		// Mining EBITDA is revenue × a benchmark margin, or given by no source: an assumption either way.
		if !strings.Contains(note, "Mining EBITDA") || !strings.Contains(note, "analyst assumption") {
			t.Errorf("%s note does not say how mining EBITDA was derived: %q", m.Ticker, note)
		}
		if !strings.HasPrefix(m.Source, "http") || m.Source != ann[model.Ref{Table: model.TableMiners, Row: i, Field: "Source"}] {
			t.Errorf("%s source %q", m.Ticker, m.Source)
		}
	}
}

func TestExampleFigures(t *testing.T) {
	u, _ := Example()
	miner := func(ticker string) model.Miner {
		for _, m := range u.Miners {
			if m.Ticker == ticker {
				return m
			}
		}
		t.Fatalf("no miner %s", ticker)
		return model.Miner{}
	}
	project := func(name string) model.Project {
		for _, p := range u.Projects {
			if p.Name == name {
				return p
			}
		}
		t.Fatalf("no project %s", name)
		return model.Project{}
	}
	for _, tc := range []struct {
		name string
		got  decimal.Decimal
		want string
	}{
		{"IREN debt: 1000 + 2300 + (500 − 316.6)", miner("IREN").Debt, "3483.4"},
		{"IREN mining EBITDA: 669.6 × 0.25", miner("IREN").MiningEBITDA, "167.4"},
		{"CIFR debt: 1300 + 172.5", miner("CIFR").Debt, "1472.5"},
		{"APLD cash: 2300 + 2150 × 0.98", miner("APLD").Cash, "4407"},
		{"APLD interest: 2350 × 0.0925 + 2150 × 0.0675", miner("APLD").Interest.Decimal, "362.5"},
		{"APLD other committed: 5000 − 900", miner("APLD").OtherCommitted, "4100"},
		{"GLXY interest: 402.5 × 0.025 + 1150 × 0.005", miner("GLXY").Interest.Decimal, "15.8125"},
		{"MARA debt: 950 + 850 + 350", miner("MARA").Debt, "2150"},
		{"Childress Horizon GPU capex per MW: 5800 / 200", project("Childress Horizon 1-4").GPUCapexPerMW.Decimal, "29"},
		{"Childress Horizon prepayment: 20% × 9700", project("Childress Horizon 1-4").Prepayment, "1940"},
		{"Sweetwater 1 IT MW: 1400 / 1.4", project("Sweetwater 1").MW, "1000"},
		{"Childress rest IT MW: 750 / 1.4 = 535.7, less 200", project("Childress (rest of site)").MW, "335.7"},
		{"Black Pearl IT MW: 300 / 1.4", project("Black Pearl").MW, "214.3"},
		{"Rockdale capex per MW: 89.8 / 25", project("Rockdale AMD").CapexPerMW.Decimal, "3.592"},
	} {
		if !tc.got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("%s = %s, want %s", tc.name, tc.got, tc.want)
		}
	}
	a := u.Assumptions
	if !a.AsOf.Equal(AsOf) || !a.HasBTCPrice || !a.Get(model.BTCPrice).Equal(decimal.NewFromInt(62900)) {
		t.Errorf("as of %v, BTC price %v %s; want 2026-06-30 and 62900", a.AsOf, a.HasBTCPrice, a.Get(model.BTCPrice))
	}
}

// TestExampleGaps works two miners' gaps by hand and checks the sector stays in the range of
// the headlines (about $50B near term, $221B full pipeline) without forcing it.
func TestExampleGaps(t *testing.T) {
	u, _ := Example()
	r := model.Compute(u)
	gaps := map[string][2]decimal.Decimal{}
	var near, full decimal.Decimal
	for _, m := range r.Miners {
		gaps[u.Miners[m.Index].Ticker] = [2]decimal.Decimal{m.Positions[model.NearTerm].Gap, m.Positions[model.FullPipeline].Gap}
		near = near.Add(m.Positions[model.NearTerm].Gap)
		full = full.Add(m.Positions[model.FullPipeline].Gap)
	}
	for _, tc := range []struct {
		ticker     string
		near, full string
	}{
		// IREN near term: uses 200 × (10.5 + 29) + 60 × (10.5 + 28) + 1000 × 10.5 = 7900 + 2310 +
		// 10500 = 20710; sources 2800 cash + 1940 prepayment + 3600 committed = 8340; gap 12370.
		// Full pipeline adds (335.7 + 428.6 + 1142.9 + 114.3) × 10.5 = 21225.75: gap 33595.75.
		{"IREN", "12370", "33595.75"},
		// CIFR: uses 168 × 10 + 39 × 9.5 + 214.3 × 10.5 = 1680 + 370.5 + 2250.15 = 4300.65;
		// sources 1207 + 1400 + 333 = 2940; gap 1360.65, no pipeline.
		{"CIFR", "1360.65", "1360.65"},
		// MARA has no project and no other uses: no gap.
		{"MARA", "0", "0"},
	} {
		g := gaps[tc.ticker]
		if !g[0].Equal(decimal.RequireFromString(tc.near)) || !g[1].Equal(decimal.RequireFromString(tc.full)) {
			t.Errorf("%s gaps %s / %s, want %s / %s", tc.ticker, g[0], g[1], tc.near, tc.full)
		}
	}
	if near.LessThan(decimal.NewFromInt(10000)) || near.GreaterThan(decimal.NewFromInt(100000)) || full.LessThan(near) {
		t.Errorf("sector gaps %s near term, %s full pipeline: out of the headlines' range", near, full)
	}
}

func TestParseTerms(t *testing.T) {
	for _, tc := range []struct {
		note                   string
		coupon, conv, cap, due string
	}{
		{"1.375% due 2031; conversion price 6.86; cap 11.88", "0.01375", "6.86", "11.88", "2031"},
		{"0.00% due 2031; conversion price 85.63; capped call cap 120.18", "0", "85.63", "120.18", "2031"},
		{"0.50% exchangeable notes due 2031; exchange price ~55.76; +150 option", "0.005", "55.76", "", "2031"},
		{"0.00% due 2032; capped call to ~24.14", "0", "", "", "2032"},
		{"3.50% due 2029; conversion 13.64; +50 option", "0.035", "13.64", "", "2029"},
		{"Macquarie facility at 8%; 2-year tenors", "0.08", "", "", ""},
	} {
		got := parseTerms(tc.note)
		str := func(d decimal.NullDecimal) string {
			if !d.Valid {
				return ""
			}
			return d.Decimal.String()
		}
		coupon := ""
		if len(got.Coupons) > 0 {
			coupon = got.Coupons[0].String()
		}
		if coupon != tc.coupon || str(got.Conversion) != tc.conv || str(got.Cap) != tc.cap || got.Due != tc.due {
			t.Errorf("parseTerms(%q) = coupon %q conversion %q cap %q due %q; want %q %q %q %q", tc.note,
				coupon, str(got.Conversion), str(got.Cap), got.Due, tc.coupon, tc.conv, tc.cap, tc.due)
		}
	}
}

func TestParseSites(t *testing.T) {
	got := parseSites("Childress 750; Sweetwater 1 1400 (energized 2026-05-01); Sweetwater 2 600; Oklahoma 1600; British Columbia 160")
	want := []string{"Childress 750", "Sweetwater 1 1400", "Sweetwater 2 600", "Oklahoma 1600", "British Columbia 160"}
	if len(got) != len(want) {
		t.Fatalf("parseSites: %v, want %v", got, want)
	}
	for i, s := range got {
		if s.name+" "+s.mw.String() != want[i] {
			t.Errorf("site %d = %s %s, want %s", i, s.name, s.mw, want[i])
		}
	}
}
