package samples

import (
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"minergap/model"
)

// The miners, one function each: which fact fills which field is mechanical, but which of two
// figures to take, what a note means for the model and what no source gives needs judgment,
// and each judgment is said in the row's note.

// contract is a project with a contract, its figures from the fact contract:key; the MW and the
// term are read from the fact's note by hand and passed in.
func (b *builder) contract(s *sourced, ticker, key string, status model.Status, mw string, years string) model.Project {
	f := b.get(ticker, "contract:"+key, "")
	p := model.Project{Ticker: ticker, Status: status, MW: dec(mw), ContractValue: f.Value, ContractYears: dec(years)}
	p.Tenant, _, _ = strings.Cut(key, " ")
	s.add("contract %s %s over %s years, %s MW critical IT at %s%s: %s", f.Value, f.Unit, years, mw, f.AsOf, s.cite(f.Source), f.Note)
	return p
}

// status notes how the row's status was chosen when no source states it.
func status(s *sourced, st model.Status, why string) model.Status {
	s.add("Status %s: %s (%s)", st, why, assumed)
	return st
}

// debtAfterCash notes debt issued after the cash balance date: its proceeds are not in Cash, so it
// is entered as committed project debt of the project it funds, bound to that site.
func (b *builder) debtAfterCash(s *sourced, p *model.Project, f fact, amount decimal.Decimal, why string) {
	p.CommittedProjectDebt = amount
	t := parseTerms(f.Note)
	if len(t.Coupons) > 0 {
		p.ProjectDebtRate = nd(t.Coupons[0])
	}
	s.add("Committed project debt %s: %s %s at %s%s (%s), issued after the miner's cash date, so its proceeds are not in Cash; %s",
		amount, f.Value, f.Unit, f.AsOf, s.cite(f.Source), f.Note, why)
	if p.ProjectDebtRate.Valid {
		s.add("Project debt rate %s from the note's coupon", p.ProjectDebtRate.Decimal)
	}
}

func (b *builder) iren() {
	const t = "IREN"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "IREN Ltd"}
	b.market(s, &m, "", "")
	m.Cash = b.take(s, "Cash", t, "cash", "")
	m.BTCHeld = b.take(s, "BTC held", t, "btc_held", "")
	var d debt
	c1 := b.get(t, "convertible", "1000")
	c2 := b.get(t, "convertible", "2300")
	c3 := b.get(t, "convertible", "500")
	c4 := b.get(t, "convertible", "440")
	left3 := b.get(t, "convertible_outstanding", "183.4")
	left4 := b.get(t, "convertible_outstanding", "212.3")
	rep := b.get(t, "convertible_repurchased", "")
	d.plus(c1.Value, "convertible 0% 2031"+s.cite(c1.Source))
	d.plus(c2.Value, "convertibles 2032/2033"+s.cite(c2.Source))
	d.plus(left3.Value, "convertible 3.50% 2029 (500"+s.cite(c3.Source)+" less 316.6 repurchased"+s.cite(rep.Source)+", derived; 233.4 if the unconfirmed 50 option was exercised)")
	d.plus(left4.Value, "convertible 3.25% 2030 (440"+s.cite(c4.Source)+" less 227.7 repurchased"+s.cite(left4.Source)+", derived)")
	m.Debt = d.note(s)
	s.add("Interest blank: derived by the model from the convertibles' coupons")
	m.MiningEBITDA = b.mining(s, t)
	eq := b.get(t, "equity_raise", "")
	s.add("the %s %s equity raise of %s%s is already in Cash", eq.Value, eq.Unit, eq.AsOf, s.cite(eq.Source))
	b.addMiner(m, s)

	// Projects: the two contracts, then the rest of the secured power as sites.
	s = &sourced{}
	p := b.contract(s, t, "Microsoft", status(s, model.UnderConstruction, "GPUs delivered in phases through 2026"), "200", "5")
	p.Name = "Childress Horizon 1-4"
	p.Business = model.GPUCloud
	gpu := b.get(t, "gpu_capex:Microsoft", "")
	p.GPUCapexPerMW = nd(gpu.Value.DivRound(p.MW, 2))
	s.add("GPU capex per MW %s = %s %s%s / %s MW (%s)", p.GPUCapexPerMW.Decimal, gpu.Value, gpu.Unit, s.cite(gpu.Source), p.MW, gpu.Note)
	s.add("Capex per MW blank: the Assumptions benchmark for the shell")
	p.Prepayment = p.ContractValue.Mul(dec("0.2"))
	s.add("Prepayment %s = 20%% of the contract value, all taken as still to be received (%s: the amount received is not given)", p.Prepayment, assumed)
	p.NOIMargin = nd(dec("0.85"))
	s.add("NOI margin 0.85: the ~85%% project EBITDA margin of the contract note")
	fin := b.get(t, "gpu_financing", "")
	p.CommittedProjectDebt = fin.Value
	p.ProjectDebtRate = nd(dec("0.06"))
	s.add("Committed project debt %s: GPU-backed financing at %s%s (%s), taken as signed and undrawn (%s); Project debt rate 0.06 (the ceiling the source gives)",
		fin.Value, fin.AsOf, s.cite(fin.Source), fin.Note, assumed)
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "NVIDIA", status(s, model.Contracted, "signed 2026-05; site and build not stated"), "60", "5")
	p.Name = "NVIDIA cloud contract"
	p.Business = model.GPUCloud
	s.add("Capex per MW and GPU capex per MW blank: the Assumptions benchmarks; the warrant is on Instruments")
	b.addProject(p, s)

	power := b.get(t, "secured_power", "")
	for _, site := range parseSites(power.Note) {
		s := &sourced{}
		p := model.Project{Ticker: t, Name: site.name, Status: model.Pipeline, MW: itMW(site.mw)}
		s.add("%s MW gross of %s %s secured power at %s%s (%s); %s", site.mw, power.Value, power.Unit, power.AsOf, s.cite(power.Source), power.Note, pueNote)
		switch site.name {
		case "Childress":
			p.Name = "Childress (rest of site)"
			p.MW = p.MW.Sub(dec("200"))
			s.add("IT MW %s = %s less the 200 MW of Horizon 1-4", p.MW, itMW(site.mw))
		case "Sweetwater 1":
			p.Status = status(s, model.UnderConstruction, "the substation was energized 2026-05-01; the data halls are taken as being built")
		}
		s.add("Model Colocation: shell capex only, GPUs are bought once a customer signs (%s); no tenant: Pipeline unless said otherwise", assumed)
		b.addProject(p, s)
	}

	in, s := b.convertibleOf(c1, "0% convertible 2031", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
	in, s = b.convertibleOf(c2, "0.25% 2032 and 1.00% 2033 convertibles", decimal.NullDecimal{}, "")
	t2 := parseTerms(c2.Note)
	in.Coupon = t2.Coupons[0].Add(t2.Coupons[1]).Div(dec("2"))
	s.add("Coupon %s: the mean of 0.25%% and 1.00%%, the two series taken as equal (%s)", in.Coupon, assumed)
	b.addInstrument(in, s)
	in, s = b.convertibleOf(c3, "3.50% convertible 2029", nd(left3.Value), "")
	s.add("Principal %s = 500 less the 316.6 repurchased 2025-12-08%s (derived by the source: %s)", left3.Value, s.cite(left3.Source), left3.Note)
	b.addInstrument(in, s)
	in, s = b.convertibleOf(c4, "3.25% convertible 2030", nd(left4.Value), "")
	s.add("Principal %s = 440 less the 227.7 repurchased 2025-12-08%s (derived by the source: %s)", left4.Value, s.cite(left4.Source), left4.Note)
	b.addInstrument(in, s)

	nv := b.get(t, "contract:NVIDIA", "")
	s = &sourced{}
	s.add("NVIDIA warrant on 30 m shares at 70 USD, from the contract note%s", s.cite(nv.Source))
	b.addInstrument(model.Instrument{Ticker: t, Name: "NVIDIA warrant", Type: model.Warrant,
		Shares: dec("30"), ConversionPrice: dec("70")}, s)
}

// site is one named site of a secured-power note: "Childress 750; Sweetwater 1 1400 (energized ...)".
type site struct {
	name string
	mw   decimal.Decimal
}

var siteRe = regexp.MustCompile(`^(.+?) (\d+(?:\.\d+)?)(?: \(.*\))?$`)

func parseSites(note string) []site {
	var out []site
	for _, part := range strings.Split(note, ";") {
		if m := siteRe.FindStringSubmatch(strings.TrimSpace(part)); m != nil {
			out = append(out, site{name: m[1], mw: dec(m[2])})
		}
	}
	return out
}

func (b *builder) cifr() {
	const t = "CIFR"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Cipher Digital (Cipher Mining)"}
	b.market(s, &m, "2026-05-29", "")
	early := b.get(t, "share_price", "2026-01-23")
	s.add("the price nearest the as-of date is taken; it was %s on %s%s, the date of the share count", early.Value, early.AsOf, s.cite(early.Source))
	m.Cash = b.take(s, "Cash", t, "cash", "")
	big := b.get(t, "convertible", "1300")
	small := b.get(t, "convertible", "172.5")
	var d debt
	d.plus(big.Value, "convertible 0% 2031, 1100 base + 200 option"+s.cite(big.Source))
	d.plus(small.Value, "convertible 1.75% 2030"+s.cite(small.Source))
	m.Debt = d.note(s)
	s.add("the 1733 Barber Lake and 2000 Black Pearl secured notes are entered as committed project debt of the sites they fund (issued after the cash date)")
	s.add("Interest blank: derived by the model from the convertibles' coupons")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	notes := b.get(t, "secured_notes", "1733")
	capex := b.get(t, "capex_per_mw", "")
	s = &sourced{}
	p := b.contract(s, t, "Fluidstack Barber Lake I", status(s, model.UnderConstruction, "contract signed 2025-09 for delivery in 2026"), "168", "10")
	p.Name = "Barber Lake I"
	p.CapexPerMW = nd(capex.Value)
	s.add("Capex per MW %s: Phase I guidance 9-11%s", capex.Value, s.cite(capex.Source))
	b.debtAfterCash(s, &p, notes, dec("1400"), "the first 1400 funds Phase I, the 333 tap Phase II ("+assumed+")")
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "Fluidstack Barber Lake II", status(s, model.Contracted, "signed 2025-11; build not stated"), "39", "10")
	p.Name = "Barber Lake II"
	p.CapexPerMW = nd(dec("9.5"))
	s.add("Capex per MW 9.5: midpoint of the Phase II guidance 9-10%s", s.cite(capex.Source))
	b.debtAfterCash(s, &p, notes, dec("333"), "the 333 tap funds Phase II ("+assumed+")")
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "AWS Black Pearl", status(s, model.Contracted, "rent from 2026-08; build not stated"), itMW(dec("300")).String(), "15")
	p.Name = "Black Pearl"
	p.Energization = date(2026, 8, 1)
	s.add("IT MW from 300 MW gross: %s; Energization date 2026-08-01 from rent starting 2026-08 (first of the month: %s)", pueNote, assumed)
	bp := b.get(t, "secured_notes", "2000")
	b.debtAfterCash(s, &p, bp, bp.Value, "it is issued by the project company; the ~232.5 reimbursed to Cipher repays build spending after the cash date, which Capex spent (0) leaves out as well")
	b.addProject(p, s)

	in, s := b.convertibleOf(big, "0% convertible 2031", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
	in, s = b.convertibleOf(small, "1.75% convertible 2030", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)

	w := b.get(t, "google_warrants", "")
	s = &sourced{}
	s.add("Google warrants on %s m shares at 0.01 USD at %s%s: %s; Shares %s and strike 0.01 as the source gives them", w.Value, w.AsOf, s.cite(w.Source), w.Note, w.Value)
	b.addInstrument(model.Instrument{Ticker: t, Name: "Google warrants (Barber Lake backstop)", Type: model.Warrant,
		Shares: w.Value, ConversionPrice: dec("0.01")}, s)
}

func (b *builder) wulf() {
	const t = "WULF"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "TeraWulf"}
	b.market(s, &m, "2026-02-10", "2026-04-10")
	early := b.get(t, "share_price", "2026-01-22")
	oldCount := b.get(t, "shares_outstanding", "2026-01-22")
	raise := b.get(t, "equity_raise", "")
	s.add("the latest close is taken (%s on %s%s, with %s m shares%s); the count of 2026-04-10 is the one before the April offering, which pairs with the balance sheet of 2026-03-31",
		early.Value, early.AsOf, s.cite(early.Source), oldCount.Value, s.cite(oldCount.Source))
	m.Cash = b.take(s, "Cash", t, "cash", "")
	s.add("it includes restricted cash, the ring-fenced project pools of the notes among it: the notes' proceeds not yet spent are in it")
	td := b.get(t, "total_debt", "")
	m.Debt = td.Value
	s.add("Debt %s: total debt at %s%s, as its note says not added to the note and convertible rows (3200 + 1275 + 850 + 500 + 1025 = 6850, and a 500 bridge; the source does not itemize the difference)", td.Value, td.AsOf, s.cite(td.Source))
	s.add("the April 2026 equity raise of %s gross%s (%s) is left out, its shares too: it repays the 500 bridge and funds Hawesville, a site no source sizes", raise.Value, s.cite(raise.Source), raise.Note)
	s.add("Interest blank: derived by the model, the debt other than the three convertibles at the corporate debt rate")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	spent := func(s *sourced, notes string) {
		s.add("Committed project debt 0: the %s notes were issued before the cash date of 2026-03-31, so their unspent proceeds are in Cash and they are in Debt", notes)
		s.add("Capex spent blank (0): no source gives it, so the build spending paid from the notes since 2025-09-30 is still counted as remaining capex (%s; it overstates the gap)", assumed)
	}
	s = &sourced{}
	p := b.contract(s, t, "Fluidstack Lake Mariner", status(s, model.UnderConstruction, "contract signed 2025-10; build not stated"), "360", "10")
	p.Name = "Lake Mariner CB-3/4/5"
	n := b.get(t, "secured_notes", "3200")
	spent(s, "3200 WULF Compute"+s.cite(n.Source))
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "Core42", status(s, model.Contracted, "build not stated"), "72.5", "10")
	p.Name = "Lake Mariner Core42"
	s.add("Contract years 10: no source gives the term (%s)", assumed)
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "Fluidstack Abernathy JV", status(s, model.Contracted, "build not stated"), "168", "25")
	p.Name = "Abernathy JV"
	p.Ownership = nd(dec("0.51"))
	s.add("Ownership 0.51: TeraWulf's ~51%% of the JV in the contract's note; MW, contract and capex are the whole site's, the model takes 51%% of each")
	n = b.get(t, "secured_notes", "1275")
	spent(s, "1275 JV"+s.cite(n.Source))
	s.add("Cash and Debt are the consolidated figures: the partner's share of the JV's cash is not given, so it is not deducted (%s)", assumed)
	b.addProject(p, s)

	for _, c := range []struct{ key, name string }{
		{"850", "1.00% convertible 2031"}, {"500", "2.75% convertible 2030"}, {"1025", "0% convertible 2032"},
	} {
		in, s := b.convertible(t, c.key, c.name, decimal.NullDecimal{}, "")
		b.addInstrument(in, s)
	}
	for _, w := range []struct{ key, name string }{
		{"41.01", "Google warrants (CB-3/CB-4 backstop)"}, {"32.57", "Google warrants (CB-5 backstop)"},
	} {
		f := b.get(t, "google_warrants", w.key)
		s := &sourced{}
		s.add("Google warrants on %s m shares at 0.01 USD at %s%s: %s; Shares %s and strike 0.01 as the source gives them", f.Value, f.AsOf, s.cite(f.Source), f.Note, f.Value)
		b.addInstrument(model.Instrument{Ticker: t, Name: w.name, Type: model.Warrant, Shares: f.Value, ConversionPrice: dec("0.01")}, s)
	}
}

func (b *builder) hut() {
	const t = "HUT"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Hut 8"}
	b.market(s, &m, "2026-05-14", "2026-01-16")
	early := b.get(t, "share_price", "2026-01-16")
	wavg := b.get(t, "shares_outstanding", "2026-03-31")
	s.add("the price nearest the as-of date is taken; it was %s on %s%s, the date of the share count; the 10-Q weighted average was %s m%s",
		early.Value, early.AsOf, s.cite(early.Source), wavg.Value, s.cite(wavg.Source))
	cash := b.get(t, "cash", "")
	rb := b.get(t, "secured_notes", "")
	dist := dec("184")
	m.Cash = cash.Value.Add(dist)
	s.add("Cash %s = %s at %s%s + the ~%s of the River Bend notes distributed to Hut 8 on %s%s (derived; after the cash date)",
		m.Cash, cash.Value, cash.AsOf, s.cite(cash.Source), dist, rb.AsOf, s.cite(rb.Source))
	m.BTCHeld = b.take(s, "BTC held", t, "btc_held", "")
	cf := b.get(t, "credit_facility", "")
	cv := b.get(t, "convertible", "")
	var d debt
	d.plus(cf.Value, "Coinbase credit facility taken as fully drawn ("+assumed+": the drawn balance is not stated)"+s.cite(cf.Source))
	d.plus(cv.Value, "convertible note (terms not stated)"+s.cite(cv.Source))
	m.Debt = d.note(s)
	s.add("Interest blank: derived by the model at the corporate debt rate (no coupons given)")
	noMining(s, "no source gives Hut 8's mining revenue")
	b.addMiner(m, s)

	loan := b.get(t, "project_loan", "")
	s = &sourced{}
	p := b.contract(s, t, "River Bend", status(s, model.UnderConstruction, "construction loan signed 2025-12"), "245", "15")
	p.Name = "River Bend"
	p.Tenant = ""
	s.add("Tenant not named by the source (Google backstop)")
	p.CapexPerMW = nd(b.get(t, "capex_per_mw", "").Value)
	s.add("Capex per MW %s: guidance 9-11%s", p.CapexPerMW.Decimal, s.cite(b.get(t, "capex_per_mw", "").Source))
	p.NOIMargin = nd(dec("0.97"))
	s.add("NOI margin 0.97 = average NOI 454 / (7000 / 15 years), rounded")
	b.debtAfterCash(s, &p, rb, rb.Value, "the model uses it up to the remaining capex; the rest repays what was built and pays the distribution in Cash")
	s.add("the %s construction loan%s (%s) is not added to them: its note says the notes likely supersede it and the two must not be added; Loan-to-cost blank, the notes exceed the build cost",
		loan.Value, s.cite(loan.Source), loan.Note)
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "Beacon Point", status(s, model.Contracted, "signed 2026-05"), "352", "15")
	p.Name = "Beacon Point"
	p.Tenant = ""
	s.add("Tenant not named by the source")
	p.NOIMargin = nd(dec("0.97"))
	s.add("NOI margin 0.97 as River Bend (%s): the stated average NOI 655 includes the 3%% escalator and exceeds the straight-line revenue 9800 / 15", assumed)
	b.addProject(p, s)
}

func (b *builder) corz() {
	const t = "CORZ"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Core Scientific"}
	b.market(s, &m, "2026-03-04", "")
	early := b.get(t, "share_price", "2026-01-22")
	s.add("the price nearest the as-of date is taken, an opening price, no later one being found; the close was %s on %s%s, the date of the share count",
		early.Value, early.AsOf, s.cite(early.Source))
	liq := b.get(t, "liquidity", "")
	m.Cash = liq.Value
	s.add("Cash %s: total liquidity at %s%s, taken as cash (%s)", liq.Value, liq.AsOf, s.cite(liq.Source), assumed)
	c31 := b.get(t, "convertible", "625")
	c29 := b.get(t, "convertible", "460")
	var d debt
	d.plus(c31.Value, "convertible 0% 2031"+s.cite(c31.Source))
	d.plus(c29.Value, "convertible 3.00% 2029"+s.cite(c29.Source))
	m.Debt = d.note(s)
	s.add("the 3300 project bond is entered as committed project debt of the CoreWeave sites (issued after the cash date)")
	s.add("Interest blank: derived by the model from the convertibles' coupons")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	s = &sourced{}
	p := b.contract(s, t, "CoreWeave", status(s, model.UnderConstruction, "sites delivered in phases"), "590", "12")
	p.Name = "CoreWeave sites"
	b.debtAfterCash(s, &p, b.get(t, "secured_notes", ""), dec("3300"), "it is secured by the CoreWeave cash flows")
	s.add("Capex spent blank (0) and CoreWeave's share of the capex not deducted: neither is given (%s)", assumed)
	b.addProject(p, s)

	in, s := b.convertibleOf(c31, "0% convertible 2031", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
	in, s = b.convertibleOf(c29, "3.00% convertible 2029", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
}

func (b *builder) apld() {
	const t = "APLD"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Applied Digital"}
	b.market(s, &m, "", "")
	cash := b.get(t, "cash", "")
	n1 := b.get(t, "secured_notes", "2350")
	n2 := b.get(t, "secured_notes", "2150")
	proceeds := n2.Value.Mul(dec("0.98"))
	m.Cash = cash.Value.Add(proceeds)
	s.add("Cash %s = %s at %s%s + %s proceeds of the 2150 notes issued at 98 after that date%s (no site named, so not project debt; capex spent since is not given)",
		m.Cash, cash.Value, cash.AsOf, s.cite(cash.Source), proceeds, s.cite(n2.Source))
	var d debt
	d.plus(n1.Value, "9.25% senior secured 2030"+s.cite(n1.Source))
	d.plus(n2.Value, "6.75% senior secured 2031"+s.cite(n2.Source))
	m.Debt = d.note(s)
	m.Interest = nd(n1.Value.Mul(parseTerms(n1.Note).Coupons[0]).Add(n2.Value.Mul(parseTerms(n2.Note).Coupons[0])))
	s.add("Interest %s = 2350 × 9.25%% + 2150 × 6.75%%", m.Interest.Decimal)
	pref := b.get(t, "preferred_equity_facility", "")
	funded := b.get(t, "preferred_equity_funded", "")
	m.OtherCommitted = funded.Value
	s.add("Other committed funding %s: the Macquarie preferred funded at %s%s (%s), taken as not yet in Cash (%s: 787.5 of it was expected by the cash date; if it came, it is in Cash and this counts it twice)",
		funded.Value, funded.AsOf, s.cite(funded.Source), funded.Note, assumed)
	s.add("the rest of the up-to-%s facility%s is not committed, as its note says", pref.Value, s.cite(pref.Source))
	noMining(s, "Applied Digital hosts miners and mines no bitcoin of its own")
	b.addMiner(m, s)

	s = &sourced{}
	p := b.contract(s, t, "CoreWeave Polaris Forge 1", status(s, model.UnderConstruction, "buildings delivered in phases from 2025"), "400", "15")
	p.Name = "Polaris Forge 1"
	s.add("IT MW 400 as the source gives it, taken as critical IT (%s)", assumed)
	b.addProject(p, s)

	s = &sourced{}
	p = b.contract(s, t, "Oracle Polaris Forge 2", status(s, model.Contracted, "signed 2026-03; build not stated"), "200", "15")
	p.Name = "Polaris Forge 2"
	s.add("IT MW 200 as the source gives it, taken as critical IT (%s)", assumed)
	b.addProject(p, s)
}

func (b *builder) glxy() {
	const t = "GLXY"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Galaxy Digital"}
	b.market(s, &m, "", "")
	cash := b.get(t, "cash", "")
	m.Cash = cash.Value
	s.add("Cash %s at %s%s: cash and stablecoins (the company's metric, not GAAP cash; much of it serves the trading business)", cash.Value, cash.AsOf, s.cite(cash.Source))
	c1 := b.get(t, "convertible", "402.5")
	c2 := b.get(t, "convertible", "1150")
	var d debt
	d.plus(c1.Value, "2.50% exchangeable 2029"+s.cite(c1.Source))
	d.plus(c2.Value, "0.50% exchangeable 2031"+s.cite(c2.Source))
	m.Debt = d.note(s)
	s.add("the 2026 notes are left out: their outstanding amount is not found")
	m.Interest = nd(c1.Value.Mul(dec("0.025")).Add(c2.Value.Mul(dec("0.005"))))
	s.add("Interest %s = 402.5 × 2.50%% + 1150 × 0.50%% (given, as the 2029 notes' exchange price is not found and they are not on Instruments)", m.Interest.Decimal)
	noMining(s, "no source gives Galaxy's mining revenue")
	b.addMiner(m, s)

	s = &sourced{}
	p := b.contract(s, t, "CoreWeave Helios", status(s, model.UnderConstruction, "project loan closed 2025-08"), "800", "15")
	p.Name = "Helios"
	s.add("IT MW 800 as the source gives it, taken as critical IT (%s)", assumed)
	loan := b.get(t, "project_loan", "")
	p.CommittedProjectDebt = loan.Value
	p.LoanToCost = nd(dec("0.8"))
	s.add("Committed project debt %s%s (%s), taken as undrawn (%s); Loan-to-cost 0.80 from it", loan.Value, s.cite(loan.Source), loan.Note, assumed)
	b.addProject(p, s)

	in, s := b.convertibleOf(c2, "0.50% exchangeable 2031", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
}

func (b *builder) riot() {
	const t = "RIOT"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Riot Platforms"}
	b.market(s, &m, "", "")
	m.Cash = b.take(s, "Cash", t, "cash", "")
	m.BTCHeld = b.take(s, "BTC held", t, "btc_held", "2025-12-31")
	s.add("the later of the two BTC counts, consistent with the 10-K fair value")
	cf := b.get(t, "credit_facility", "")
	var d debt
	d.plus(cf.Value, "credit facility drawn"+s.cite(cf.Source))
	m.Debt = d.note(s)
	s.add("Interest blank: derived by the model at the corporate debt rate")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	s = &sourced{}
	p := b.contract(s, t, "AMD Rockdale", status(s, model.UnderConstruction, "retrofit of an existing building, lease signed 2026-01"), "25", "10")
	p.Name = "Rockdale AMD"
	p.CapexPerMW = nd(dec("89.8").DivRound(p.MW, 3))
	s.add("Capex per MW %s = retrofit capex 89.8 / 25 MW", p.CapexPerMW.Decimal)
	p.NOIMargin = nd(dec("0.8"))
	s.add("NOI margin 0.80 = NOI ~25 / (311 / 10 years), rounded")
	s.add("Displaced mining EBITDA 0: the building was a mining shell (benchmark capex_per_it_mw_retrofit), but no source gives Riot's mining MW to scale its mining EBITDA to these 25 MW (%s)", assumed)
	b.addProject(p, s)
}

func (b *builder) clsk() {
	const t = "CLSK"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "CleanSpark"}
	b.market(s, &m, "", "")
	m.Cash = b.take(s, "Cash", t, "cash", "")
	m.BTCHeld = b.take(s, "BTC held", t, "btc_held", "")
	td := b.get(t, "total_debt", "2025-12-31")
	other := b.get(t, "total_debt", "2026-02-06")
	m.Debt = td.Value
	s.add("Debt %s: total debt principal at %s%s, convertibles included (%s%s gives about 1800 on %s)", td.Value, td.AsOf, s.cite(td.Source), "the call", s.cite(other.Source), other.AsOf)
	s.add("Interest blank: derived by the model; the debt other than the 2032 convertible bears the corporate debt rate")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	pipe := b.get(t, "pipeline", "")
	for _, site := range []struct{ name, mw, why string }{
		{"Austin County", "285", "as the source gives it"},
		{"Brazoria", "600", "the top of the source's 300-600 MW, so the two sites make up the pipeline (" + assumed + ")"},
	} {
		s := &sourced{}
		p := model.Project{Ticker: t, Name: site.name, Status: model.Pipeline, MW: itMW(dec(site.mw))}
		s.add("%s MW gross, %s, of the %s MW pipeline%s (%s); no tenant: Pipeline; %s", site.mw, site.why, pipe.Value, s.cite(pipe.Source), pipe.Note, pueNote)
		b.addProject(p, s)
	}

	in, s := b.convertible(t, "", "0% convertible 2032", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
}

func (b *builder) mara() {
	const t = "MARA"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "MARA Holdings"}
	b.market(s, &m, "", "")
	m.Cash = b.take(s, "Cash", t, "cash", "")
	s.add("a weak source (%s): the latest cash found, of a date before the BTC count and the Q1 2026 repurchase", assumed)
	m.BTCHeld = b.take(s, "BTC held", t, "btc_held", "37344")
	s.add("the 2026-03-31 count: 52477 less 15133 sold in Q1 2026, derived by the source")
	c32 := b.get(t, "convertible", "950")
	c30 := b.get(t, "convertible", "1000")
	c31 := b.get(t, "convertible", "850")
	c31b := b.get(t, "convertible", "300")
	rep := b.get(t, "convertible_repurchased", "")
	cf := b.get(t, "credit_facility", "")
	var d debt
	d.plus(c32.Value, "convertible 0% 2032"+s.cite(c32.Source))
	d.plus(c31.Value, "convertible 0% 2031"+s.cite(c31.Source))
	d.plus(c31b.Value, "convertible 2.125% 2031"+s.cite(c31b.Source))
	d.plus(cf.Value, "credit facilities"+s.cite(cf.Source))
	m.Debt = d.note(s)
	s.add("the 1000 convertible 2030%s is taken as the ~1000 repurchased in Q1 2026%s, being the series with the nearest holder put (%s: the series is not stated)",
		s.cite(c30.Source), s.cite(rep.Source), assumed)
	tot := b.get(t, "total_debt", "")
	s.add("cross-check: total debt 3600 less the ~1000 repurchased is 2600%s (it may include leases)", s.cite(tot.Source))
	cpn := parseTerms(c31b.Note).Coupons[0]
	m.Interest = nd(cf.Value.Mul(dec("0.09")).Add(c31b.Value.Mul(cpn)))
	s.add("Interest %s = credit facilities 350 × the corporate debt rate 0.09 (%s) + 300 × %s; the other convertibles pay 0%%", m.Interest.Decimal, assumed, cpn)
	m.MiningEBITDA = b.mining(s, t)
	s.add("no AI project is in the sources")
	b.addMiner(m, s)

	for _, c := range []struct {
		f    fact
		name string
	}{{c32, "0% convertible 2032"}, {c31, "0% convertible 2031"}, {c31b, "2.125% convertible 2031"}} {
		in, s := b.convertibleOf(c.f, c.name, decimal.NullDecimal{}, "")
		b.addInstrument(in, s)
	}
}

func (b *builder) bitf() {
	const t = "BITF"
	s := &sourced{}
	m := model.Miner{Ticker: t, Company: "Bitfarms"}
	b.market(s, &m, "", "")
	m.Cash = b.take(s, "Cash", t, "cash", "")
	s.add("BTC held 0: the sources give its value (177 USD m unencumbered, in liquidity), not its count")
	cv := b.get(t, "convertible", "")
	var d debt
	d.plus(cv.Value, "convertible 1.375% 2031"+s.cite(cv.Source))
	m.Debt = d.note(s)
	s.add("Interest blank: derived by the model from the convertible's coupon")
	m.MiningEBITDA = b.mining(s, t)
	b.addMiner(m, s)

	pipe := b.get(t, "pipeline", "")
	loan := b.get(t, "project_loan", "")
	s = &sourced{}
	p := model.Project{Ticker: t, Name: "Panther Creek", Status: model.Pipeline, MW: itMW(pipe.Value)}
	s.add("%s MW gross%s (%s); %s", pipe.Value, s.cite(pipe.Source), pipe.Note, pueNote)
	p.CommittedProjectDebt = loan.Value
	p.ProjectDebtRate = nd(parseTerms(loan.Note).Coupons[0])
	s.add("Committed project debt %s: Macquarie facility%s (%s), taken as undrawn; Project debt rate %s from it", loan.Value, s.cite(loan.Source), loan.Note, p.ProjectDebtRate.Decimal)
	b.addProject(p, s)

	in, s := b.convertibleOf(cv, "1.375% convertible 2031", decimal.NullDecimal{}, "")
	b.addInstrument(in, s)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
