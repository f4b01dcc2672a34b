package xlsx

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestNewStylesDistinct(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	s, err := NewStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	for st := StyleTitle; st < NumStyles; st++ {
		if s.ID(st) == 0 {
			t.Errorf("style %d has the default id 0", st)
		}
	}
	// The colour convention: an input, a formula and a link never look alike.
	if a, b, c := s.ID(StyleInputMoney), s.ID(StyleMoney), s.ID(StyleLinkMoney); a == b || b == c || a == c {
		t.Errorf("input, formula and link money share a style: %d %d %d", a, b, c)
	}
	for _, format := range []func(*excelize.File) (int, error){FlagFormat, FailFormat, PassFormat} {
		if _, err := format(f); err != nil {
			t.Error(err)
		}
	}
}
