// Package workers runs a command's work on one fixed set of slots: the workbooks of a batch, and
// inside each workbook the batches of its miner sheets, share the same slots, so the number of
// goroutines busy at once never exceeds the pool's size however the work nests.
package workers

import (
	"sync"
	"sync/atomic"
)

// Pool is a number of slots. A goroutine holds a slot while it works.
type Pool struct {
	slots chan struct{}
}

// New returns a pool of n slots (at least 1).
func New(n int) *Pool {
	return &Pool{slots: make(chan struct{}, max(1, n))}
}

// Size is the number of slots.
func (p *Pool) Size() int { return cap(p.slots) }

// Run calls f(0) … f(n-1), each on a goroutine holding a slot, and returns when all are done.
// The caller holds no slot.
func (p *Pool) Run(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, p.Size()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.slots <- struct{}{}
			defer func() { <-p.slots }()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// TryGo runs f on a goroutine of its own in a slot that is free now and reports true; when every
// slot is busy (or the pool is nil) it runs nothing and reports false, so that the caller does the
// work itself, in the slot it holds. A panic in f is not recovered: f must not panic.
func (p *Pool) TryGo(f func()) bool {
	if p == nil {
		return false
	}
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots }()
			f()
		}()
		return true
	default:
		return false
	}
}

// Each calls f(0) … f(n-1) from a goroutine that already holds a slot (inside f of Run): the
// caller works through the items itself, helped by as many goroutines as there are free slots
// when it starts. It returns the error of the lowest i that failed. A panic in f is raised again
// in the caller's goroutine once every item has run, so that the caller can recover it (a panic
// in another goroutine would end the process). A nil pool runs the items in turn.
func (p *Pool) Each(n int, f func(i int) error) error {
	errs := make([]error, n)
	panics := make([]any, n)
	var next atomic.Int64
	work := func() {
		for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
			func() {
				defer func() { panics[i] = recover() }()
				errs[i] = f(i)
			}()
		}
	}
	var wg sync.WaitGroup
	if p != nil {
	borrow:
		for range n - 1 {
			select {
			case p.slots <- struct{}{}:
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-p.slots }()
					work()
				}()
			default:
				break borrow
			}
		}
	}
	work()
	wg.Wait()
	for i := range n {
		if panics[i] != nil {
			panic(panics[i])
		}
		if errs[i] != nil {
			return errs[i]
		}
	}
	return nil
}
