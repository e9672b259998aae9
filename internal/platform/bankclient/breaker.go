package bankclient

import (
	"sync"
	"time"
)

// breaker is a consecutive-failure circuit breaker for one bank endpoint. Closed, it lets calls
// through and counts failures in a row; at threshold it opens and refuses calls for cooldown; then
// it lets one probe through (half-open): success closes it, failure opens it again.
type breaker struct {
	threshold int
	cooldown  time.Duration

	mu        sync.Mutex
	failures  int
	openUntil time.Time
	probing   bool
}

// allow reports whether a call may go to the bank now. In half-open state only one caller gets true
// until that probe reports.
func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures < b.threshold {
		return true
	}
	if now.Before(b.openUntil) || b.probing {
		return false
	}
	b.probing = true
	return true
}

// report records the outcome of a call that allow let through.
func (b *breaker) report(ok bool, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	if ok {
		b.failures = 0
		return
	}
	b.failures++
	if b.failures >= b.threshold {
		b.openUntil = now.Add(b.cooldown)
	}
}

// breakers holds one breaker per endpoint, created on first use.
type breakers struct {
	threshold int
	cooldown  time.Duration
	mu        sync.Mutex
	m         map[string]*breaker
}

func (bs *breakers) get(endpoint string) *breaker {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	b := bs.m[endpoint]
	if b == nil {
		b = &breaker{threshold: bs.threshold, cooldown: bs.cooldown}
		bs.m[endpoint] = b
	}
	return b
}
