package samples

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

//go:embed data/*.csv
var data embed.FS

// fact is one row of data/public-miner-facts.csv: a sourced public figure.
type fact struct {
	Ticker string
	Name   string // e.g. cash, convertible, contract:Microsoft
	Value  decimal.Decimal
	Unit   string
	AsOf   string // as written: 2026-01-31, 2025-10 or 2026-02
	Source string // URL
	Note   string
}

// benchmark is one row of data/benchmarks.csv: a sourced range for an assumption.
type benchmark struct {
	Param              string
	Low, Typical, High decimal.Decimal
	Unit, Source, Note string
}

// readCSV reads an embedded CSV file into records keyed by its header.
func readCSV(name string) ([]map[string]string, error) {
	f, err := data.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m := map[string]string{}
		for i, h := range header {
			m[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, m)
	}
}

func readFacts() ([]fact, error) {
	recs, err := readCSV("public-miner-facts.csv")
	if err != nil {
		return nil, err
	}
	facts := make([]fact, 0, len(recs))
	for i, r := range recs {
		v, err := decimal.NewFromString(r["value"])
		if err != nil {
			return nil, fmt.Errorf("public-miner-facts.csv row %d: value %q is not a number", i+2, r["value"])
		}
		facts = append(facts, fact{Ticker: r["ticker"], Name: r["fact"], Value: v, Unit: r["unit"],
			AsOf: r["as_of"], Source: r["source"], Note: r["note"]})
	}
	return facts, nil
}

func readBenchmarks() (map[string]benchmark, error) {
	recs, err := readCSV("benchmarks.csv")
	if err != nil {
		return nil, err
	}
	out := map[string]benchmark{}
	for i, r := range recs {
		var v [3]decimal.Decimal
		for j, col := range []string{"low", "typical", "high"} {
			d, err := decimal.NewFromString(r[col])
			if err != nil {
				return nil, fmt.Errorf("benchmarks.csv row %d: %s %q is not a number", i+2, col, r[col])
			}
			v[j] = d
		}
		out[r["parameter"]] = benchmark{Param: r["parameter"], Low: v[0], Typical: v[1], High: v[2],
			Unit: r["unit"], Source: r["source"], Note: r["note"]}
	}
	return out, nil
}

// Terms read from a fact's note: "1.375% due 2031; conversion price 6.86; cap 11.88", or
// "0.00% due 2031-10-01; conversion rate 62.3733 per 1000 (~16.03); cap 23.32".
var (
	termPercent    = regexp.MustCompile(`(\d+(?:\.\d+)?)%`)
	termConversion = regexp.MustCompile(`(?:conversion(?: price)?|exchange price) ~?(\d+(?:\.\d+)?)`)
	termRate       = regexp.MustCompile(`conversion rate (\d+(?:\.\d+)?) per 1000\b`)
	termCap        = regexp.MustCompile(`\bcap(?:ped call to)? ~?(\d+(?:\.\d+)?)`)
	termDue        = regexp.MustCompile(`due (\d{4})(-\d{2}-\d{2})?`)
)

// priceDecimals is the precision of a conversion price derived from a conversion rate: four
// places keep the shares per 1000 of principal within 0.01% of the rate.
const priceDecimals = 4

// terms are the figures a debt fact's note states. A field is empty when the note does not say.
type terms struct {
	Coupons    []decimal.Decimal // fractions, in the order written
	Conversion decimal.NullDecimal
	Rate       decimal.NullDecimal // shares per 1000 of principal, when the price is derived from it
	Cap        decimal.NullDecimal
	Due        string    // year
	Maturity   time.Time // zero unless the note gives the day
}

func parseTerms(note string) terms {
	var t terms
	for _, m := range termPercent.FindAllStringSubmatch(note, -1) {
		t.Coupons = append(t.Coupons, decimal.RequireFromString(m[1]).Shift(-2))
	}
	if m := termConversion.FindStringSubmatch(note); m != nil {
		t.Conversion = decimal.NewNullDecimal(decimal.RequireFromString(m[1]))
	} else if m := termRate.FindStringSubmatch(note); m != nil {
		// The rate is the indenture's term; the "~" price beside it is rounded.
		t.Rate = decimal.NewNullDecimal(decimal.RequireFromString(m[1]))
		t.Conversion = decimal.NewNullDecimal(decimal.NewFromInt(1000).DivRound(t.Rate.Decimal, priceDecimals))
	}
	if m := termCap.FindStringSubmatch(note); m != nil {
		t.Cap = decimal.NewNullDecimal(decimal.RequireFromString(m[1]))
	}
	if m := termDue.FindStringSubmatch(note); m != nil {
		t.Due = m[1]
		if m[2] != "" {
			t.Maturity, _ = time.Parse(time.DateOnly, m[1]+m[2])
		}
	}
	return t
}

// sourced collects, for one sheet row, the facts its figures come from and how each was used.
// Source lists the facts' URLs in first-use order; the note refers to them as [1], [2], ...
type sourced struct {
	urls  []string
	parts []string
}

// cite returns the [n] reference of url, adding it to the row's sources when new.
func (s *sourced) cite(url string) string {
	if url == "" {
		return ""
	}
	for i, u := range s.urls {
		if u == url {
			return fmt.Sprintf(" [%d]", i+1)
		}
	}
	s.urls = append(s.urls, url)
	return fmt.Sprintf(" [%d]", len(s.urls))
}

// add appends one part to the row's note.
func (s *sourced) add(format string, args ...any) {
	s.parts = append(s.parts, fmt.Sprintf(format, args...))
}

// took notes a figure taken as the fact gives it.
func (s *sourced) took(label string, f fact) {
	s.add("%s %s %s at %s%s", label, f.Value, f.Unit, f.AsOf, s.cite(f.Source))
}

func (s *sourced) source() string {
	if len(s.urls) == 0 {
		return "analyst assumption"
	}
	return strings.Join(s.urls, " ; ")
}

func (s *sourced) note() string { return strings.Join(s.parts, "; ") }
