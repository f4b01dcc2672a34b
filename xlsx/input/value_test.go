package input

import (
	"testing"
	"time"

	"minergap/model"
)

func TestReadNumber(t *testing.T) {
	tests := []struct {
		raw     string
		want    string // "" for an error
		cleaned bool
	}{
		{"1234.5", "1234.5", false},
		{"-3", "-3", false},
		{"1e3", "1000", false},
		{"1.5E-2", "0.015", false},
		// Excel stores 0.07 as 7.0000000000000007E-2 (17 digits); 15 significant digits give 0.07.
		{"7.0000000000000007E-2", "0.07", false},
		{"0.30000000000000004", "0.3", false},
		{"123456789012345678", "123456789012346000", false}, // 15 significant digits
		{"1,234.5", "1234.5", true},
		{"1,234,567", "1234567", true},
		{"(1,234)", "-1234", true},
		{"7%", "0.07", true},
		{"12.5%", "0.125", true},
		{"-20%", "-0.2", true},
		{"$1,200", "1200", true},
		{"US$ 3", "3", true},
		{"-$5", "-5", true},
		{"$-5", "-5", true},
		{"−4", "-4", true}, // a typographic minus
		{" 42 ", "42", false},
		{"1,23", "", false},
		{"12,3456", "", false},
		{"abc", "", false},
		{"--5", "", false},
		{"(-5)", "", false},
		{"5-", "", false},
		{"1.2.3", "", false},
		{"0x10", "", false},
		{"Inf", "", false},
		{"NaN", "", false},
		{"1e999", "", false},
		{"1e309", "", false},  // beyond Excel's range
		{"1e-400", "", false}, // below it
		{"1e70", "10000000000000000000000000000000000000000000000000000000000000000000000", false},
		{"%", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		d, cleaned, err := parseNumberText(tt.raw)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("readNumber(%q) = %s, want an error", tt.raw, d)
		case tt.want != "" && err != nil:
			t.Errorf("readNumber(%q): %v, want %s", tt.raw, err, tt.want)
		case tt.want != "" && (d.String() != tt.want || cleaned != tt.cleaned):
			t.Errorf("readNumber(%q) = %s cleaned %v, want %s cleaned %v", tt.raw, d, cleaned, tt.want, tt.cleaned)
		}
	}
}

func TestReadDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		raw      string
		date1904 bool
		want     time.Time // zero for an error
	}{
		{"46203", false, day(2026, 6, 30)},    // 1899-12-30 + 46203 days
		{"46203.75", false, day(2026, 6, 30)}, // the time of day is dropped
		{"44741", true, day(2026, 6, 30)},     // 1904-01-01 + 44741 days
		{"61", false, day(1900, 3, 1)},        // after Excel's fictitious 1900-02-29
		{"59", false, day(1900, 2, 28)},
		{"1", false, day(1900, 1, 1)},
		{"2026-06-30", false, day(2026, 6, 30)},
		{"2026-06-30T00:00:00Z", false, day(2026, 6, 30)},
		{"2026-06-30 13:45:00", false, day(2026, 6, 30)},
		{"03/04/2026", false, time.Time{}},
		{"30.06.2026", false, time.Time{}},
		{"June 30, 2026", false, time.Time{}},
		{"0", false, time.Time{}},
		{"-1", false, time.Time{}},
		{"99999999", false, time.Time{}},
	}
	for _, tt := range tests {
		got, _, err := parseDateText(tt.raw, tt.date1904)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("readDate(%q) = %v, want an error", tt.raw, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("readDate(%q, 1904=%v) = %v, %v; want %v", tt.raw, tt.date1904, got, err, tt.want)
		}
	}
}

func TestReadUnit(t *testing.T) {
	tests := []struct {
		unit string
		kind model.Kind
		want string // the factor; "" when the unit does not fit
	}{
		{"USD m", model.KindMoney, "1"},
		{"$m", model.KindMoney, "1"},
		{"US$m", model.KindMoney, "1"},
		{"$MM", model.KindMoney, "1"},
		{"USD mm", model.KindMoney, "1"},
		{"USD m per year", model.KindMoney, "1"},
		{"USD bn", model.KindMoney, "1000"},
		{"$bn", model.KindMoney, "1000"},
		{"USD k", model.KindMoney, "0.001"},
		{"$000", model.KindMoney, "0.001"},
		{"EUR m", model.KindMoney, ""},
		{"USD", model.KindMoney, ""},
		{"m", model.KindMoney, ""},
		{"bn", model.KindMoney, ""},
		{"mm per year", model.KindMoney, ""},
		{"USD m per MW", model.KindPerMW, "1"},
		{"USD m/MW", model.KindPerMW, "1"},
		{"$m/MW", model.KindPerMW, "1"},
		{"$k/MW", model.KindPerMW, "0.001"},
		{"USD m", model.KindPerMW, ""},
		{"USD", model.KindPrice, "1"},
		{"$", model.KindPrice, "1"},
		{"USD m", model.KindPrice, ""},
		{"m", model.KindShares, "1"},
		{"mm", model.KindShares, "1"},
		{"million", model.KindShares, "1"},
		{"USD m", model.KindShares, ""},
		{"$mm", model.KindShares, ""},
		{"m/MW", model.KindPerMW, ""},
		{"MW", model.KindMW, "1"},
		{"GW", model.KindMW, ""},
		{"BTC", model.KindBTC, "1"},
		{"%", model.KindRate, "1"},
		{"fraction", model.KindRate, "1"},
		{"bps", model.KindRate, ""},
		{"%", model.KindChange, "1"},
		{"years", model.KindYears, "1"},
		{"yrs", model.KindYears, "1"},
		{"months", model.KindYears, ""},
		{"x", model.KindMultiple, "1"},
		{"date", model.KindDate, "1"},
	}
	for _, tt := range tests {
		f, ok := unitScale(tt.unit, tt.kind, "")
		got := ""
		if ok {
			got = f.String()
		}
		if got != tt.want {
			t.Errorf("readUnit(%q, %v) = %q, want %q", tt.unit, tt.kind, got, tt.want)
		}
	}
	// An assumption's own unit always fits: "fraction of market cap" for Max convertible.
	if _, ok := unitScale("Fraction of market cap", model.KindRate, "fraction of market cap"); !ok {
		t.Error("an assumption's own unit does not fit")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Share\u00a0price* ":   "share price",
		"Shares\noutstanding":    "shares outstanding",
		"IT  MW":                 "it mw",
		"Ticker *":               "ticker",
		"Under\r\n construction": "under construction",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadNeedsCollapse(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "EX": false, "Example Corp": false,
		" EX": true, "EX ": true, "Example  Corp": true, "Example\u00a0Corp": true, "Example\nCorp": true,
	} {
		if got := needsCollapse(in); got != want {
			t.Errorf("readNeedsCollapse(%q) = %v, want %v", in, got, want)
		}
	}
}
