package workers

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestEach(t *testing.T) {
	for _, p := range []*Pool{nil, New(1), New(4)} {
		var mu sync.Mutex
		seen := map[int]bool{}
		errOdd := errors.New("odd")
		err := p.Each(9, func(i int) error {
			mu.Lock()
			seen[i] = true
			mu.Unlock()
			if i%2 == 1 {
				return fmt.Errorf("item %d: %w", i, errOdd)
			}
			return nil
		})
		if len(seen) != 9 {
			t.Errorf("called for %d items, want all 9", len(seen))
		}
		// Items 1, 3, 5 and 7 fail; the lowest one's error comes back.
		if err == nil || err.Error() != "item 1: odd" || !errors.Is(err, errOdd) {
			t.Errorf("error %v, want item 1's", err)
		}
		if err := p.Each(0, func(int) error { return errOdd }); err != nil {
			t.Errorf("no items: error %v", err)
		}
		// A panic in one item reaches the caller's goroutine, after every item has run.
		seen = map[int]bool{}
		got := func() (r any) {
			defer func() { r = recover() }()
			_ = p.Each(5, func(i int) error {
				mu.Lock()
				seen[i] = true
				mu.Unlock()
				if i == 3 {
					panic("boom")
				}
				return nil
			})
			return nil
		}()
		if got != "boom" || len(seen) != 5 {
			t.Errorf("recovered %v after %d items, want boom after 5", got, len(seen))
		}
	}
}

// TestPoolBound nests Each inside Run, as a batch of workbooks writing their miner sheets does,
// and counts the goroutines inside f at once: never more than the pool's slots.
func TestPoolBound(t *testing.T) {
	for _, size := range []int{1, 2, 3} {
		p := New(size)
		var busy, peak atomic.Int64
		enter := func() {
			n := busy.Add(1)
			for {
				old := peak.Load()
				if n <= old || peak.CompareAndSwap(old, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		calls := atomic.Int64{}
		p.Run(5, func(int) {
			// The outer item works a little itself, then hands its inner items to Each.
			enter()
			busy.Add(-1)
			_ = p.Each(7, func(int) error {
				calls.Add(1)
				enter()
				busy.Add(-1)
				return nil
			})
		})
		if calls.Load() != 35 {
			t.Errorf("size %d: %d inner calls, want 5 × 7 = 35", size, calls.Load())
		}
		if peak.Load() > int64(size) {
			t.Errorf("size %d: %d goroutines busy at once", size, peak.Load())
		}
		if size > 1 && peak.Load() < 2 {
			t.Errorf("size %d: never more than one goroutine busy; the slots were not used", size)
		}
	}
}

// TestTryGo holds TryGo to the pool's slots: it runs f on a free slot, and refuses at once when
// every slot is held, so that the caller works in its own.
func TestTryGo(t *testing.T) {
	var nilPool *Pool
	if nilPool.TryGo(func() { t.Error("ran on a nil pool") }) {
		t.Error("a nil pool took the work")
	}
	p := New(2)
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	for i := range 2 {
		if !p.TryGo(func() { defer wg.Done(); <-release }) {
			t.Fatalf("slot %d of 2 free, but TryGo refused", i+1)
		}
	}
	if p.TryGo(func() { t.Error("ran with every slot held") }) {
		t.Error("TryGo took work with every slot held")
	}
	close(release)
	wg.Wait()
	// The slots are back once the work has returned.
	deadline := time.Now().Add(10 * time.Second)
	done := make(chan struct{})
	for !p.TryGo(func() { close(done) }) {
		if time.Now().After(deadline) {
			t.Fatal("the slots were not given back")
		}
		time.Sleep(time.Millisecond)
	}
	<-done
}
