package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"minergap/model"
)

// Style names one look of a cell in the workbooks the tool writes. The colours follow the
// analysts' convention: inputs blue, formulas black, links to other sheets green.
type Style int

const (
	StyleDefault Style = iota // plain text, no format

	StyleTitle  // sheet title: large bold
	StyleHeader // column header: bold, shaded, wrapped
	StyleNote   // explanatory text: grey italic, wrapped

	// Inputs (blue font): values typed by the analyst or taken from defaults.
	StyleInputText
	StyleInputNumber  // general number (MW, BTC, years)
	StyleInputMoney   // USD m, one decimal
	StyleInputPerMW   // USD m per MW, two decimals
	StyleInputPrice   // USD, two decimals
	StyleInputShares  // m, two decimals
	StyleInputPercent // fraction shown as %, one decimal
	StyleInputDate    // yyyy-mm-dd
	StyleInputMultiple

	// Formulas (black font): computed on the same sheet.
	StyleFormulaText
	StyleFormulaNumber
	StyleMoney    // USD m, one decimal
	StylePercent  // one decimal
	StyleShares   // m, two decimals
	StyleMultiple // 0.0"x"
	StylePrice    // USD, two decimals
	StylePerMW    // USD m per MW, two decimals
	StyleDate     // yyyy-mm-dd hh:mm (run time) or yyyy-mm-dd

	// Links (green font): a formula that only fetches a cell of another sheet.
	StyleLink // general number or text
	StyleLinkMoney
	StyleLinkPercent
	StyleLinkShares
	StyleLinkMultiple
	StyleLinkPrice
	StyleLinkPerMW
	StyleLinkDate
	StyleHyperlink // an internal hyperlink: green, underlined

	StyleCheckPass // a passing check: green fill
	StyleCheckFail // a failing check: red fill, bold
	StyleFlag      // a flagged figure: orange fill (also used by conditional formats)

	StyleTotalMoney // a total row: bold money with a top border

	StyleRate     // a rate taken from the inputs: 0.0#% (black)
	StyleLinkRate // the same, fetched from another sheet (green)

	StyleUnit           // a unit beside a value: indented
	StyleInputTolerance // a small input such as a check tolerance: 0.0E+00
	StyleLinkTolerance

	StyleWrap       // plain text that wraps within its column (messages, scenario names)
	StyleLinkNumber // a number fetched from another sheet, with thousands separators (MW)

	NumStyles
)

// Number formats shared by every style of a kind.
const (
	fmtMoney   = `#,##0.0;-#,##0.0;0.0`
	fmtPercent = `0.0%`
	// An input rate shows a second decimal when it has one (7.75%), so no input is misread.
	fmtInputPercent = `0.0#%`
	fmtShares       = `#,##0.00`
	fmtMultiple     = `0.0"x"`
	fmtPrice        = `#,##0.00`
	fmtPerMW        = `#,##0.00`
	fmtNumber       = `#,##0.####`
	fmtDate         = `yyyy-mm-dd`
	fmtSmall        = `0.0E+00`
)

// Colours of the convention.
const (
	ColorInput   = "0000FF"
	ColorFormula = "000000"
	ColorLink    = "008000"
	ColorNote    = "595959"
	fillHeader   = "D9E1F2"
	fillPass     = "C6EFCE"
	fillFail     = "FFC7CE"
	fillFlag     = "FFEB9C"
)

// Styles maps each Style to its id in one workbook. Register it once per excelize.File.
type Styles struct {
	ids [NumStyles]int
}

// NewStyles registers every style in f.
func NewStyles(f *excelize.File) (*Styles, error) {
	s := &Styles{}
	for st := Style(0); st < NumStyles; st++ {
		def := styleDef(st)
		id, err := f.NewStyle(&def)
		if err != nil {
			return nil, fmt.Errorf("register style %d: %w", st, err)
		}
		s.ids[st] = id
	}
	return s, nil
}

// ID is the excelize style id of st.
func (s *Styles) ID(st Style) int { return s.ids[st] }

// FlagFormat is the conditional-format look of a flagged cell (a differential style: fill and font).
func FlagFormat(f *excelize.File) (int, error) {
	return f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "9C5700", Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillFlag}},
	})
}

// FailFormat is the conditional-format look of a failing check.
func FailFormat(f *excelize.File) (int, error) {
	return f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "9C0006", Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillFail}},
	})
}

// PassFormat is the conditional-format look of a passing check.
func PassFormat(f *excelize.File) (int, error) {
	return f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "006100"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillPass}},
	})
}

func styleFont(color string) *excelize.Font { return &excelize.Font{Color: color} }

func styleNum(color, format string) excelize.Style {
	f := format
	return excelize.Style{Font: styleFont(color), CustomNumFmt: &f}
}

func styleDef(st Style) excelize.Style {
	switch st {
	case StyleTitle:
		return excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}
	case StyleHeader:
		return excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillHeader}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		}
	case StyleNote:
		return excelize.Style{Font: &excelize.Font{Italic: true, Color: ColorNote},
			Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, WrapText: true}}
	case StyleWrap:
		return excelize.Style{Alignment: &excelize.Alignment{WrapText: true}}
	case StyleLinkNumber:
		return styleNum(ColorLink, fmtNumber)

	case StyleInputText:
		return excelize.Style{Font: styleFont(ColorInput)}
	case StyleInputNumber:
		return styleNum(ColorInput, fmtNumber)
	case StyleInputMoney:
		return styleNum(ColorInput, fmtMoney)
	case StyleInputPerMW:
		return styleNum(ColorInput, fmtPerMW)
	case StyleInputPrice:
		return styleNum(ColorInput, fmtPrice)
	case StyleInputShares:
		return styleNum(ColorInput, fmtShares)
	case StyleInputPercent:
		return styleNum(ColorInput, fmtInputPercent)
	case StyleInputDate:
		return styleNum(ColorInput, fmtDate)
	case StyleInputMultiple:
		return styleNum(ColorInput, fmtMultiple)

	case StyleFormulaText:
		return excelize.Style{Font: styleFont(ColorFormula)}
	case StyleFormulaNumber:
		return styleNum(ColorFormula, fmtNumber)
	case StyleMoney:
		return styleNum(ColorFormula, fmtMoney)
	case StylePercent:
		return styleNum(ColorFormula, fmtPercent)
	case StyleShares:
		return styleNum(ColorFormula, fmtShares)
	case StyleMultiple:
		return styleNum(ColorFormula, fmtMultiple)
	case StylePrice:
		return styleNum(ColorFormula, fmtPrice)
	case StylePerMW:
		return styleNum(ColorFormula, fmtPerMW)
	case StyleDate:
		return styleNum(ColorFormula, fmtDate)

	case StyleLink:
		return excelize.Style{Font: styleFont(ColorLink)}
	case StyleLinkMoney:
		return styleNum(ColorLink, fmtMoney)
	case StyleLinkPercent:
		return styleNum(ColorLink, fmtPercent)
	case StyleLinkShares:
		return styleNum(ColorLink, fmtShares)
	case StyleLinkMultiple:
		return styleNum(ColorLink, fmtMultiple)
	case StyleLinkPrice:
		return styleNum(ColorLink, fmtPrice)
	case StyleLinkPerMW:
		return styleNum(ColorLink, fmtPerMW)
	case StyleLinkDate:
		return styleNum(ColorLink, fmtDate)
	case StyleHyperlink:
		return excelize.Style{Font: &excelize.Font{Color: ColorLink, Underline: "single"}}

	case StyleCheckPass:
		return excelize.Style{
			Font: &excelize.Font{Color: "006100"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillPass}},
		}
	case StyleCheckFail:
		return excelize.Style{
			Font: &excelize.Font{Color: "9C0006", Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillFail}},
		}
	case StyleFlag:
		return excelize.Style{
			Font: &excelize.Font{Color: "9C5700", Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillFlag}},
		}
	case StyleTotalMoney:
		f := fmtMoney
		return excelize.Style{
			Font:         &excelize.Font{Bold: true, Color: ColorFormula},
			CustomNumFmt: &f,
			Border:       []excelize.Border{{Type: "top", Color: "000000", Style: 1}},
		}
	case StyleRate:
		return styleNum(ColorFormula, fmtInputPercent)
	case StyleLinkRate:
		return styleNum(ColorLink, fmtInputPercent)
	case StyleUnit:
		return excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1}}
	case StyleInputTolerance:
		return styleNum(ColorInput, fmtSmall)
	case StyleLinkTolerance:
		return styleNum(ColorLink, fmtSmall)
	}
	return excelize.Style{}
}

// Legend explains the colours, for the Cover sheet of an output and the template's notes: a
// sample word in each style and what it means.
var Legend = []struct {
	Style  Style
	Sample string
	Text   string
}{
	{StyleInputText, "Input", "blue: an input value, typed by the analyst or a default (its Source is on Inputs)"},
	{StyleFormulaText, "Formula", "black: a formula computed from cells on the same sheet or several sheets"},
	{StyleLink, "Link", "green: a formula that fetches one cell from another sheet"},
	{StyleHyperlink, "Go to", "green underlined: a hyperlink to another sheet"},
	{StyleCheckPass, "pass", "a check that passes"},
	{StyleCheckFail, "fail", "a check that fails"},
	{StyleFlag, "flag", "a flagged figure: spill, leverage above max, coverage below min, non-positive EBITDA"},
}

// InputStyle is the look of an input value of kind k, in the template and on the Inputs sheet.
func InputStyle(k model.Kind) Style {
	switch k {
	case model.KindMoney:
		return StyleInputMoney
	case model.KindPerMW:
		return StyleInputPerMW
	case model.KindPrice:
		return StyleInputPrice
	case model.KindShares:
		return StyleInputShares
	case model.KindRate, model.KindChange:
		return StyleInputPercent
	case model.KindMultiple:
		return StyleInputMultiple
	case model.KindDate:
		return StyleInputDate
	}
	return StyleInputNumber
}

// LinkStyle is the look of a formula that only fetches a value of kind k from another sheet.
func LinkStyle(k model.Kind) Style {
	switch k {
	case model.KindMoney:
		return StyleLinkMoney
	case model.KindPerMW:
		return StyleLinkPerMW
	case model.KindPrice:
		return StyleLinkPrice
	case model.KindShares:
		return StyleLinkShares
	case model.KindRate, model.KindChange:
		return StyleLinkRate
	case model.KindMultiple:
		return StyleLinkMultiple
	}
	return StyleLink
}

// FormulaStyle is the look of a same-sheet formula showing a value of kind k.
func FormulaStyle(k model.Kind) Style {
	switch k {
	case model.KindMoney:
		return StyleMoney
	case model.KindPerMW:
		return StylePerMW
	case model.KindPrice:
		return StylePrice
	case model.KindShares:
		return StyleShares
	case model.KindRate, model.KindChange:
		return StyleRate
	case model.KindMultiple:
		return StyleMultiple
	}
	return StyleFormulaNumber
}

// Same reports whether two registries gave every style the same id: two workbooks whose parts
// may be moved between them.
func (s *Styles) Same(o *Styles) bool { return s.ids == o.ids }
