package samples

import (
	"strings"
	"testing"
	"time"

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
		{"IREN debt: 1000 + 2300 + 183.4 + 212.3 outstanding of the 2029 and 2030 notes", miner("IREN").Debt, "3695.7"},
		{"IREN mining EBITDA: 669.6 × 0.25", miner("IREN").MiningEBITDA, "167.4"},
		{"CIFR debt: 1300 (1100 + 200 option) + 172.5", miner("CIFR").Debt, "1472.5"},
		{"CIFR share price: the close of 2026-05-29", miner("CIFR").SharePrice, "22.8"},
		{"WULF cash at 2026-03-31, restricted included", miner("WULF").Cash, "3100"},
		{"WULF debt: total debt at 2026-03-31, notes not added on top", miner("WULF").Debt, "5800"},
		{"WULF shares before the April 2026 offering", miner("WULF").SharesOutstanding, "435.38"},
		{"HUT cash: 160 + ~184 distributed from the River Bend notes", miner("HUT").Cash, "344"},
		{"HUT share price: 2026-05-14", miner("HUT").SharePrice, "108.32"},
		{"CORZ debt: 625 + 460", miner("CORZ").Debt, "1085"},
		{"CORZ share price: the open of 2026-03-04", miner("CORZ").SharePrice, "14.86"},
		{"APLD cash: 2300 + 2150 × 0.98", miner("APLD").Cash, "4407"},
		{"APLD interest: 2350 × 0.0925 + 2150 × 0.0675", miner("APLD").Interest.Decimal, "362.5"},
		{"APLD other committed: the 900 funded, not the undrawn 4100", miner("APLD").OtherCommitted, "900"},
		{"GLXY interest: 402.5 × 0.025 + 1150 × 0.005", miner("GLXY").Interest.Decimal, "15.8125"},
		{"MARA cash: the sourced figure, not 0", miner("MARA").Cash, "862.8"},
		{"MARA debt: 950 + 850 + 300 + 350", miner("MARA").Debt, "2450"},
		{"MARA interest: 350 × 0.09 + 300 × 0.02125", miner("MARA").Interest.Decimal, "37.875"},
		{"Black Pearl committed project debt: the 2000 notes", project("Black Pearl").CommittedProjectDebt, "2000"},
		{"Black Pearl project debt rate: 6.125%", project("Black Pearl").ProjectDebtRate.Decimal, "0.06125"},
		{"River Bend committed project debt: the 3250 notes, not the 2080 loan as well", project("River Bend").CommittedProjectDebt, "3250"},
		{"Lake Mariner committed project debt: the notes are in cash and debt", project("Lake Mariner CB-3/4/5").CommittedProjectDebt, "0"},
		{"Abernathy committed project debt: the notes are in cash and debt", project("Abernathy JV").CommittedProjectDebt, "0"},
		{"Abernathy ownership: TeraWulf's ~51%", project("Abernathy JV").Ownership.Decimal, "0.51"},
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
	for _, tc := range []struct {
		ticker, name     string
		principal, conv  string // principal, or a warrant's shares; conversion price or strike
		cap              string // "" when none
		coupon, maturity string
	}{
		{"IREN", "0% convertible 2031", "1000", "85.63", "120.18", "0", ""},
		{"IREN", "3.25% convertible 2030", "212.3", "16.81", "25.86", "0.0325", "2030-06-15"},
		{"IREN", "3.50% convertible 2029", "183.4", "13.64", "", "0.035", ""},
		{"CIFR", "0% convertible 2031", "1300", "16.0325", "23.32", "0", "2031-10-01"},
		{"CIFR", "Google warrants (Barber Lake backstop)", "24.18", "0.01", "", "0", ""},
		{"WULF", "2.75% convertible 2030", "500", "8.48", "12.8", "0.0275", ""},
		{"WULF", "0% convertible 2032", "1025", "19.9375", "", "0", "2032-05-01"},
		{"WULF", "Google warrants (CB-3/CB-4 backstop)", "41.01", "0.01", "", "0", ""},
		{"WULF", "Google warrants (CB-5 backstop)", "32.57", "0.01", "", "0", ""},
		{"CORZ", "0% convertible 2031", "625", "22.4928", "", "0", "2031-06-15"},
		{"CORZ", "3.00% convertible 2029", "460", "10.998", "", "0.03", "2029-09-01"},
		{"MARA", "0% convertible 2032", "950", "20.2585", "24.14", "0", "2032-08-01"},
		{"MARA", "2.125% convertible 2031", "300", "18.89", "", "0.02125", "2031-09-01"},
	} {
		var in *model.Instrument
		for i := range u.Instruments {
			if u.Instruments[i].Ticker == tc.ticker && u.Instruments[i].Name == tc.name {
				in = &u.Instruments[i]
			}
		}
		if in == nil {
			t.Errorf("no instrument %s %s", tc.ticker, tc.name)
			continue
		}
		amount := in.Principal
		if in.Type == model.Warrant {
			amount = in.Shares
		}
		cp := ""
		if in.CapPrice.Valid {
			cp = in.CapPrice.Decimal.String()
		}
		mat := ""
		if !in.Maturity.IsZero() {
			mat = in.Maturity.Format(time.DateOnly)
		}
		if !amount.Equal(dec(tc.principal)) || !in.ConversionPrice.Equal(dec(tc.conv)) || cp != tc.cap ||
			!in.Coupon.Equal(dec(tc.coupon)) || mat != tc.maturity {
			t.Errorf("%s %s: %s at %s, cap %q, coupon %s, maturity %q; want %s at %s, cap %q, coupon %s, maturity %q",
				tc.ticker, tc.name, amount, in.ConversionPrice, cp, in.Coupon, mat, tc.principal, tc.conv, tc.cap, tc.coupon, tc.maturity)
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
		// sources 1207 + 1400 + 333 + 2000 (Black Pearl notes) = 4940; no gap, no pipeline.
		{"CIFR", "0", "0"},
		// WULF: uses 360 × 10.5 + 72.5 × 10.5 + 0.51 × 168 × 10.5 = 3780 + 761.25 + 899.64 =
		// 5440.89; sources the cash of 2026-03-31, 3100; gap 2340.89.
		{"WULF", "2340.89", "2340.89"},
		// APLD: uses (400 + 200) × 10.5 = 6300; sources 4407 + 900 = 5307; gap 993.
		{"APLD", "993", "993"},
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

// TestEveryFactRead holds the sample to its data: each fact is read by the miner it is about,
// save the few listed here with the reason the sample leaves them out.
func TestEveryFactRead(t *testing.T) {
	notRead := map[string]string{
		"IREN funding_gap_reported 21100": "the headline the sample is held against (README), not an input",
		"RIOT btc_held 19239":             "the earlier of two counts; the later one pairs with the 10-K",
		"RIOT market_cap 7210":            "price × shares gives the market cap",
		"MARA btc_held 53822":             "before the 15133 sold in Q1 2026",
		"MARA btc_held 38689":             "a weak source; the derived 37344 is taken",
	}
	b, err := newBuilder()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range b.facts {
		key := f.Ticker + " " + f.Name + " " + f.Value.String()
		_, skip := notRead[key]
		if b.used[i] == skip {
			t.Errorf("fact %s (as of %s): read %v, listed as not read %v", key, f.AsOf, b.used[i], skip)
		}
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
		{"0.00% due 2032; capped call to ~24.14", "0", "", "24.14", "2032"},
		{"0.00% due 2031-10-01; conversion rate 62.3733 per 1000 (~16.03); cap 23.32", "0", "16.0325", "23.32", "2031"},
		{"3.25% due 2030-06-15; 400 priced + 40 option = 440 closed; conversion ~16.81 (blockspace.media); cap 25.86", "0.0325", "16.81", "25.86", "2030"},
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
