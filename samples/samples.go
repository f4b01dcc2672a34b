// Package samples builds the public sample universe: eleven listed Bitcoin miners turning sites
// into AI data centers, from sourced public figures of 2024–2026 (data/public-miner-facts.csv)
// and sourced benchmark ranges (data/benchmarks.csv).
//
// Most figures are taken as the sources give them. Some are combined: debt is summed instrument
// by instrument, mining EBITDA is mining revenue times a benchmark margin, gross power becomes
// critical IT load. Where a figure is required and no source gives it, or a source gives it only
// as a range, the row's note says "analyst assumption". Every row carries the URLs its figures
// come from in its Source and says how each figure was derived in its Note, citing [1], [2], ...
// for the first, second, ... URL of its Source.
//
// samples/ai-pivot-2026.xlsx is this universe written by xlsx.Template, as
// `minergap template --example` writes it; `go test ./xlsx/input -run TestSample -update` regenerates
// it, and TestSample fails when it drifts.
package samples

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"minergap/model"
)

// AsOf is the sample's as-of date. Its inputs are of mixed dates (January to June 2026).
var AsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// Tickers lists the sample's miners in sheet order.
var Tickers = []string{"IREN", "CIFR", "WULF", "HUT", "CORZ", "APLD", "GLXY", "RIOT", "CLSK", "MARA", "BITF"}

const assumed = "analyst assumption"

// pue turns gross power into critical IT load: IT MW = gross MW / pue.
var pue = decimal.RequireFromString("1.4")

const pueNote = "gross MW / 1.4 = critical IT MW (analyst assumption: the ratio of Cipher's contracts, 244/168 and 56/39)"

// Example returns the public sample universe and, per row, its Source (Ref{Table, Row, "Source"})
// and Note (Ref{Table, Row, "Note"}); on Assumptions, Row is the AssumptionKey. It panics when the
// embedded data cannot be read or lacks a fact the sample needs, which its tests rule out.
func Example() (model.Universe, map[model.Ref]string) {
	u, ann, err := build()
	if err != nil {
		panic("samples: " + err.Error())
	}
	return u, ann
}

// builder assembles the universe and its annotations; the first missing fact is kept in err.
type builder struct {
	facts []fact
	used  map[int]bool // indexes into facts of the facts read
	bench map[string]benchmark
	u     model.Universe
	ann   map[model.Ref]string
	err   error
}

func build() (model.Universe, map[model.Ref]string, error) {
	b, err := newBuilder()
	if err != nil {
		return model.Universe{}, nil, err
	}
	return b.u, b.ann, nil
}

// newBuilder builds the universe; the builder it returns says which facts were read.
func newBuilder() (*builder, error) {
	facts, err := readFacts()
	if err != nil {
		return nil, err
	}
	bench, err := readBenchmarks()
	if err != nil {
		return nil, err
	}
	b := &builder{facts: facts, used: map[int]bool{}, bench: bench, ann: map[model.Ref]string{}}
	b.assumptions()
	b.iren()
	b.cifr()
	b.wulf()
	b.hut()
	b.corz()
	b.apld()
	b.glxy()
	b.riot()
	b.clsk()
	b.mara()
	b.bitf()
	b.scenarios()
	if b.err != nil {
		return nil, b.err
	}
	return b, nil
}

// get returns the fact of ticker and name; key picks one of several by its as-of date or its
// value, and may be empty when there is only one.
func (b *builder) get(ticker, name, key string) fact {
	var found []fact
	for i, f := range b.facts {
		if f.Ticker == ticker && f.Name == name && (key == "" || f.AsOf == key || f.Value.String() == key) {
			found = append(found, f)
			b.used[i] = true
		}
	}
	if len(found) != 1 && b.err == nil {
		b.err = fmt.Errorf("%d facts %s %s %q in public-miner-facts.csv; want exactly one", len(found), ticker, name, key)
	}
	if len(found) == 0 {
		return fact{Ticker: ticker, Name: name}
	}
	return found[0]
}

func (b *builder) benchmark(param string) benchmark {
	bm, ok := b.bench[param]
	if !ok && b.err == nil {
		b.err = fmt.Errorf("no benchmark %s in benchmarks.csv", param)
	}
	return bm
}

func (b *builder) annotate(table string, row int, s *sourced) string {
	src := s.source()
	b.ann[model.Ref{Table: table, Row: row, Field: "Source"}] = src
	b.ann[model.Ref{Table: table, Row: row, Field: "Note"}] = s.note()
	return src
}

func (b *builder) addMiner(m model.Miner, s *sourced) {
	m.Source = b.annotate(model.TableMiners, len(b.u.Miners), s)
	b.u.Miners = append(b.u.Miners, m)
}

func (b *builder) addProject(p model.Project, s *sourced) {
	p.Source = b.annotate(model.TableProjects, len(b.u.Projects), s)
	b.u.Projects = append(b.u.Projects, p)
}

func (b *builder) addInstrument(in model.Instrument, s *sourced) {
	b.annotate(model.TableInstruments, len(b.u.Instruments), s)
	b.u.Instruments = append(b.u.Instruments, in)
}

// take is a figure as its fact gives it, cited in the row's note.
func (b *builder) take(s *sourced, label, ticker, name, key string) decimal.Decimal {
	f := b.get(ticker, name, key)
	s.took(label, f)
	return f.Value
}

// market sets the share price and share count, each as its fact gives it.
func (b *builder) market(s *sourced, m *model.Miner, priceKey, sharesKey string) {
	m.SharePrice = b.take(s, model.FieldSharePrice, m.Ticker, "share_price", priceKey)
	m.SharesOutstanding = b.take(s, model.FieldSharesOutstanding, m.Ticker, "shares_outstanding", sharesKey)
}

// mining derives mining EBITDA from sourced mining revenue and the benchmark margin.
func (b *builder) mining(s *sourced, ticker string) decimal.Decimal {
	f := b.get(ticker, "mining_revenue", "")
	bm := b.benchmark("mining_ebitda_margin")
	v := f.Value.Mul(bm.Typical)
	s.add("Mining EBITDA %s = mining revenue %s%s (%s) × mining EBITDA margin %s (benchmark, typical of %s–%s; %s)",
		v, f.Value, s.cite(f.Source), f.Note, bm.Typical, bm.Low, bm.High, assumed)
	return v
}

// noMining notes a miner whose mining revenue no source gives.
func noMining(s *sourced, why string) {
	s.add("Mining EBITDA 0: %s (%s)", why, assumed)
}

// debt sums debt instrument by instrument for the row's note.
type debt struct {
	total decimal.Decimal
	parts []string
}

func (d *debt) plus(v decimal.Decimal, text string) {
	d.total = d.total.Add(v)
	d.parts = append(d.parts, v.String()+" "+text)
}

func (d *debt) note(s *sourced) decimal.Decimal {
	s.add("Debt %s = %s", d.total, strings.Join(d.parts, " + "))
	return d.total
}

// convertible makes an instrument of a convertible fact, its terms read from the fact's note.
// principal overrides the fact's value when part of the issue is gone (repurchased).
func (b *builder) convertible(ticker, key, name string, principal decimal.NullDecimal, extra string) (model.Instrument, *sourced) {
	f := b.get(ticker, "convertible", key)
	return b.convertibleOf(f, name, principal, extra)
}

func (b *builder) convertibleOf(f fact, name string, principal decimal.NullDecimal, extra string) (model.Instrument, *sourced) {
	s := &sourced{}
	t := parseTerms(f.Note)
	in := model.Instrument{Ticker: f.Ticker, Name: name, Type: model.Convertible, Principal: f.Value,
		CapPrice: t.Cap}
	if principal.Valid {
		in.Principal = principal.Decimal
	}
	if t.Conversion.Valid {
		in.ConversionPrice = t.Conversion.Decimal
	}
	if len(t.Coupons) > 0 {
		in.Coupon = t.Coupons[0]
	}
	in.Maturity = t.Maturity
	s.add("%s %s at %s%s: %s", f.Value, f.Unit, f.AsOf, s.cite(f.Source), f.Note)
	if t.Rate.Valid {
		s.add("Conversion price %s = 1000 / conversion rate %s (derived)", t.Conversion.Decimal, t.Rate.Decimal)
	}
	if t.Cap.Valid {
		s.add("Cap price %s: the capped call's cap, so the economic view counts no shares below it", t.Cap.Decimal)
	}
	if t.Due != "" && t.Maturity.IsZero() {
		s.add("Maturity left blank: the source gives the year %s, not the day", t.Due)
	}
	if extra != "" {
		s.add("%s", extra)
	}
	return in, s
}

func nd(v decimal.Decimal) decimal.NullDecimal { return decimal.NewNullDecimal(v) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// itMW converts gross power to critical IT load, to 0.1 MW.
func itMW(gross decimal.Decimal) decimal.Decimal { return gross.DivRound(pue, 1) }
