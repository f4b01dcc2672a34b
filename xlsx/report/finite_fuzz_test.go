package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
)

// FuzzFiniteCells: for any inputs Validate accepts, magnitudes at the edges of SPEC §2's bounds
// included, no cell of the output holds NaN, ±Inf or a number beyond float64's range: every
// figure the model computes from bounded inputs stays far inside it, and num never lets one
// through. The seeds are the bounds themselves.
func FuzzFiniteCells(f *testing.F) {
	f.Add("10000000", "1000000", "10000000", "1000000", "10000000", "21000000", "0.000000000001")
	f.Add("300", "100", "20", "100", "10", "1000", "0.5")
	f.Add("0.000000000001", "0.000000000001", "0.000000000001", "0.000000000001", "0.000000000001", "0", "1")
	f.Fuzz(func(t *testing.T, cash, mw, price, shares, capex, btc, ownership string) {
		dec := func(s string) (decimal.Decimal, bool) {
			d, err := decimal.NewFromString(s)
			return d, err == nil && len(s) < 40
		}
		var vals [7]decimal.Decimal
		for i, s := range []string{cash, mw, price, shares, capex, btc, ownership} {
			d, ok := dec(s)
			if !ok {
				return
			}
			vals[i] = d
		}
		u := model.WorkedExample()
		m := &u.Miners[0]
		m.Cash, m.SharePrice, m.SharesOutstanding, m.BTCHeld = vals[0], vals[2], vals[3], vals[5]
		p := &u.Projects[0]
		p.MW, p.CapexPerMW, p.Ownership = vals[1], decimal.NewNullDecimal(vals[4]), decimal.NewNullDecimal(vals[6])
		if len(model.Validate(u)) > 0 {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, bookOf(u), model.Run(u), testOptions); err != nil {
			t.Fatal(err)
		}
		d, err := xlsx.Dump(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(d, "\n") {
			value, _, _ := strings.Cut(line, " =")
			if strings.Contains(value, "Inf") || strings.Contains(value, "NaN") || strings.Contains(value, "e+3") {
				t.Fatalf("a cell outside float64's range: %s", line)
			}
		}
	})
}
