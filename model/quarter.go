package model

import (
	"strconv"
	"time"
)

// Quarter is a calendar quarter, counted as 4 × year + (quarter − 1): 2026Q3 is 4 × 2026 + 2.
// Consecutive quarters are consecutive integers, so a quarter index is a difference.
type Quarter int

// QuarterOf returns the calendar quarter holding t, in t's own location.
func QuarterOf(t time.Time) Quarter {
	return Quarter(t.Year()*4 + (int(t.Month())-1)/3)
}

// Year is the quarter's calendar year.
func (q Quarter) Year() int { return floorDiv(int(q), 4) }

// Num is the quarter's number in its year, 1 to 4.
func (q Quarter) Num() int { return int(q) - 4*q.Year() + 1 }

// Add returns the quarter k quarters after q (before it when k < 0).
func (q Quarter) Add(k int) Quarter { return q + Quarter(k) }

// Sub returns the number of quarters from r to q: the index of q on a timeline whose Q0 is r.
func (q Quarter) Sub(r Quarter) int { return int(q - r) }

// String is the quarter as analysts label it: 2026Q3.
func (q Quarter) String() string {
	return strconv.Itoa(q.Year()) + "Q" + strconv.Itoa(q.Num())
}

func floorDiv(a, b int) int {
	d := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		d--
	}
	return d
}
