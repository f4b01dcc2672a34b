package xlsx

import "testing"

func TestPosA1(t *testing.T) {
	for _, tt := range []struct {
		col, row int
		want     string
	}{{1, 1, "A1"}, {5, 7, "E7"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {16384, 1048576, "XFD1048576"}, {0, 3, ""}, {2, 0, ""}} {
		if got := (Pos{Sheet: "S", Row: tt.row, Col: tt.col}).A1(); got != tt.want {
			t.Errorf("Pos{Row: %d, Col: %d}.A1() = %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 500000: "500,000", 1048576: "1,048,576", -1234: "-1,234", -100: "-100"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
