package input

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// excelDigits is the precision of a number stored by Excel: 15 significant digits. Raw values
// written with 17 digits (0.07 as 7.0000000000000007E-2) are rounded back to it.
const excelDigits = 15

// Normalize is the matching form of a name, a header, a ticker or a list value (SPEC §2):
// trimmed, white space (non-breaking spaces and line breaks included) collapsed to one space,
// a trailing `*` dropped, lower case.
func Normalize(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimSuffix(collapse(s), "*")))
}

// collapse trims s and collapses its white space (non-breaking spaces and line breaks
// included) to single spaces.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u2007' || r == '\u202f' || r == '\u200b'
	}), " ")
}

// blank reports whether a cell's text means "no value": empty, a dash or n/a.
func blank(s string) bool {
	switch Normalize(s) {
	case "", "-", "–", "—", "n/a", "na", "n.a.":
		return true
	}
	return false
}

// cellErrors are the values Excel stores for a cell whose formula failed.
var cellErrors = []string{"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
	"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}

// cellError returns the Excel error value s holds, or "".
func cellError(s string) string {
	t := strings.ToUpper(strings.TrimSpace(s))
	for _, e := range cellErrors {
		if t == e {
			return e
		}
	}
	return ""
}

// errNotNumber is wrapped by every failed number parse.
var errNotNumber = errors.New("not a number")

// A number beyond what a spreadsheet holds (Excel's 2.2e-308 to 1.8e308): a float artefact
// such as 5e-324, or text. Its digits mean nothing, so a message says its size instead.
var (
	errTooSmall = fmt.Errorf("%w: not 0 but below 1e-12 in size", errNotNumber)
	errTooLarge = fmt.Errorf("%w: above 1e308", errNotNumber)
)

// parseNumberText parses a raw cell value as a decimal. A plain number (what Excel stores) is rounded
// to 15 significant digits; text that needs cleaning (`1,234.5`, `(1,234)`, `7%`, `$1,200`)
// parses too, and cleaned reports that it did so the caller can note it.
func parseNumberText(raw string) (d decimal.Decimal, cleaned bool, err error) {
	s := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	if plainNumber(s) {
		if d, err := decimal.NewFromString(s); err == nil {
			if (len(s) > 20 || strings.ContainsAny(s, "eE")) && !inRange(d) {
				if d.Abs().LessThan(minMagnitude) {
					return decimal.Zero, false, errTooSmall
				}
				return decimal.Zero, false, errTooLarge
			}
			if digits(s) > excelDigits {
				d = roundDigits(d)
			}
			return d, false, nil
		}
	}
	t := s
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = true, strings.TrimSpace(t[1:len(t)-1])
	}
	for _, minus := range []string{"-", "−", "–"} {
		if strings.HasPrefix(t, minus) {
			if neg {
				return decimal.Zero, false, errNotNumber
			}
			neg, t = true, strings.TrimSpace(t[len(minus):])
			break
		}
	}
	percent := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	for _, p := range []string{"US$", "USD", "$"} {
		if strings.HasPrefix(strings.ToUpper(t), p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	if strings.HasPrefix(t, "-") {
		if neg {
			return decimal.Zero, false, errNotNumber
		}
		neg, t = true, strings.TrimSpace(t[1:])
	}
	t = stripThousands(t)
	if t == "" || !plainNumber(t) || strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
		return decimal.Zero, false, errNotNumber
	}
	d, err = decimal.NewFromString(t)
	if err != nil {
		return decimal.Zero, false, errNotNumber
	}
	if percent {
		d = d.Shift(-2)
	}
	if neg {
		d = d.Neg()
	}
	return d, true, nil
}

// plainNumber reports whether s is a number as Excel stores one: digits, one point, an
// optional sign and exponent, nothing else (decimal.NewFromString alone accepts more).
func plainNumber(s string) bool {
	if s == "" || len(s) > 1024 {
		return false
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	if hasExp {
		if exp == "" {
			return false
		}
		if exp[0] == '+' || exp[0] == '-' {
			exp = exp[1:]
		}
		if n, err := strconv.Atoi(exp); err != nil || n > 400 || exp == "" {
			return false
		}
	}
	if mant != "" && (mant[0] == '+' || mant[0] == '-') {
		mant = mant[1:]
	}
	digits, points := 0, 0
	for _, r := range mant {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

var (
	maxMagnitude = decimal.New(1, 309)  // Excel's numbers stay below 1.8e308
	minMagnitude = decimal.New(1, -309) // and above 2.2e-308, or are 0
)

// inRange reports whether d is a number Excel could hold.
func inRange(d decimal.Decimal) bool {
	a := d.Abs()
	return a.IsZero() || a.LessThan(maxMagnitude) && a.GreaterThan(minMagnitude)
}

// digits counts the significant digits of a plain number's mantissa (an upper bound: trailing
// zeros count).
func digits(s string) int {
	mant, _, _ := strings.Cut(strings.ToLower(s), "e")
	n, lead := 0, true
	for _, r := range mant {
		if r < '0' || r > '9' || lead && r == '0' {
			continue
		}
		lead = false
		n++
	}
	return n
}

// stripThousands removes thousands separators when they group digits by three: 1,234,567.5.
func stripThousands(s string) string {
	if !strings.Contains(s, ",") {
		return s
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return "x"
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "x"
		}
	}
	out := strings.Join(groups, "")
	if hasFrac {
		out += "." + frac
	}
	return out
}

// roundDigits rounds d to Excel's 15 significant digits.
func roundDigits(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return decimal.Zero
	}
	digits := len(d.Coefficient().String())
	if d.Coefficient().Sign() < 0 {
		digits--
	}
	if digits <= excelDigits {
		return d
	}
	// The value's magnitude: the exponent of its leading digit.
	lead := int32(digits) + d.Exponent() - 1
	return d.Round(excelDigits - 1 - lead)
}

// parseDateText parses a raw date value: a serial number (1900 or 1904 system) or ISO text
// (2026-06-30, optionally with a time). Ambiguous text such as 03/04/2026 is an error.
func parseDateText(raw string, date1904 bool) (t time.Time, fromText bool, err error) {
	s := strings.TrimSpace(raw)
	if plainNumber(s) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return time.Time{}, false, err
		}
		days := d.Floor().IntPart()
		if d.Sign() < 0 || days > 2958465 { // 9999-12-31
			return time.Time{}, false, fmt.Errorf("date serial %s is out of range", s)
		}
		if date1904 {
			return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)), false, nil
		}
		if days == 0 {
			return time.Time{}, false, fmt.Errorf("date serial 0 is not a date")
		}
		if days < 60 { // Excel's 1900 leap-year bug: serials before 1900-03-01 count from 1899-12-31
			return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)), false, nil
		}
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)), false, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05",
		"2006-01-02 15:04:05", "2006-01-02T15:04:05.999999999Z07:00", "2006/01/02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true, nil
		}
	}
	return time.Time{}, true, errNotDate
}

var errNotDate = errors.New("not a date")

// quoted quotes a cell's text for an error message, shortened when long.
func quoted(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return strconv.Quote(s)
}
