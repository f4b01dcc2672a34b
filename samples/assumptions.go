package samples

import (
	"github.com/shopspring/decimal"

	"minergap/model"
)

// benchmarkFor names the benchmark (and which of its figures) each assumption takes. The
// assumptions not listed keep the model's default: no benchmark gives them.
var benchmarkFor = map[model.AssumptionKey]struct {
	param  string
	figure string // low, typical or high
	why    string
}{
	model.BTCHaircut:         {"btc_haircut", "typical", ""},
	model.CapexPerMW:         {"capex_per_it_mw_colocation", "typical", ""},
	model.GPUCapexPerMW:      {"gpu_capex_per_it_mw", "typical", ""},
	model.NOIMargin:          {"noi_margin_colocation", "typical", ""},
	model.EquityDiscount:     {"equity_issue_discount", "typical", ""},
	model.EquityFee:          {"equity_issue_fee", "typical", ""},
	model.ConvertiblePremium: {"convertible_premium", "typical", ""},
	model.ConvertibleCoupon:  {"convertible_coupon", "typical", ""},
	model.ProjectLoanToCost:  {"project_debt_loan_to_cost_backstopped", "low", "most contracts have an investment-grade backstop; the low end is what Galaxy got"},
	model.ProjectDebtRate:    {"secured_note_coupon", "typical", "new project debt priced like the miners' secured notes"},
	model.ProjectMinDSCR:     {"dscr_minimum", "typical", ""},
}

func (b *builder) assumptions() {
	a := model.DefaultAssumptions()
	a.AsOf = AsOf
	row := func(k model.AssumptionKey, s *sourced) { b.annotate(model.TableAssumptions, int(k), s) }

	s := &sourced{}
	s.add("inputs are of mixed dates (January to June 2026): share prices of January to May 2026, " +
		"balance sheets of September 2025 to March 2026, contracts and debt issues of 2024 to 2026 " +
		"and the BTC price of June 2026; 2026-06-30 is the date the sample describes (" + assumed + ")")
	row(model.AsOfDate, s)

	btc := b.get("BTC", "btc_price", "")
	a.HasBTCPrice = true
	a.Values[model.BTCPrice] = btc.Value
	s = &sourced{}
	s.took("BTC price", btc)
	s.add("%s", btc.Note)
	row(model.BTCPrice, s)

	for _, def := range model.AssumptionDefs {
		if def.Key == model.AsOfDate || def.Key == model.BTCPrice {
			continue
		}
		s := &sourced{}
		plan, ok := benchmarkFor[def.Key]
		if !ok {
			if def.Default == "" {
				s.add("blank: %s (%s)", def.Note, assumed)
			} else {
				s.add("model default %s; no benchmark gives it (%s)", def.Default, assumed)
			}
			row(def.Key, s)
			continue
		}
		bm := b.benchmark(plan.param)
		switch plan.figure {
		case "low":
			a.Values[def.Key] = bm.Low
		case "high":
			a.Values[def.Key] = bm.High
		default:
			a.Values[def.Key] = bm.Typical
		}
		s.cite(bm.Source)
		text := "benchmark " + plan.param + ", " + plan.figure + " of " + bm.Low.String() + "–" + bm.High.String() +
			" " + bm.Unit + ": " + bm.Note
		if plan.why != "" {
			text += "; " + plan.why
		}
		s.add("%s (%s)", text, assumed)
		row(def.Key, s)
	}
	b.u.Assumptions = a
}

// scenarios are the five defaults of SPEC §2 and three that show what moves the answer.
func (b *builder) scenarios() {
	mix := func(name string, scope model.Scope, eq, cv, cd, pd string) model.Scenario {
		return model.Scenario{Name: name, Scope: scope, Equity: dec(eq), Convertible: dec(cv),
			CorporateDebt: dec(cd), ProjectDebt: dec(pd)}
	}
	full := mix("Balanced, full pipeline", model.FullPipeline, "0.4", "0.2", "0.2", "0.2")
	down := mix("Balanced, share price -30%", model.NearTerm, "0.4", "0.2", "0.2", "0.2")
	down.SharePriceChange = dec("-0.3")
	capex := mix("Balanced, capex +15%, project debt 9%", model.NearTerm, "0.4", "0.2", "0.2", "0.2")
	capex.CapexChange = dec("0.15")
	capex.Overrides = map[model.AssumptionKey]decimal.Decimal{model.ProjectDebtRate: dec("0.09")}

	list := []struct {
		s    model.Scenario
		note string
	}{
		{mix("All equity", model.NearTerm, "1", "0", "0", "0"), "default scenario: the whole near-term gap raised as new shares"},
		{mix("All convertible", model.NearTerm, "0", "1", "0", "0"), "default scenario: convertibles up to the cap, the rest spills to equity"},
		{mix("Corporate debt", model.NearTerm, "0", "0", "1", "0"), "default scenario: corporate debt up to max net leverage, the rest spills to equity"},
		{mix("Project debt + equity", model.NearTerm, "0.5", "0", "0", "0.5"), "default scenario: half project debt against contracted NOI, half equity"},
		{mix("Balanced", model.NearTerm, "0.4", "0.2", "0.2", "0.2"), "default scenario: a mix of all four"},
		{full, "the balanced mix over every announced project, the pipeline included: the figure to hold against full-pipeline headlines"},
		{down, "the balanced mix after a 30% fall in share prices: more shares per dollar raised, a smaller convertible cap"},
		{capex, "the balanced mix with build costs 15% over plan and project debt at 9% instead of the benchmark 7.75%: " +
			"a project's own project debt rate still wins over the override"},
	}
	for i, l := range list {
		s := &sourced{}
		s.add("%s (%s)", l.note, assumed)
		b.annotate(model.TableScenarios, i, s)
		b.u.Scenarios = append(b.u.Scenarios, l.s)
	}
}
