package authz

import (
	"context"
	"errors"
	"sync"
)

// tokenGroup commits the tokens of concurrent requests together ("group commit"). SQLite takes one
// writer at a time and a commit costs far more than an insert, so under load each commit carries
// every token that arrived while the previous one was written. The first caller to find no commit
// in progress leads: it writes the whole queue in one transaction, hands the results out and, if more
// arrived meanwhile, passes the lead to the oldest waiter, so no caller writes for others twice.
type tokenGroup struct {
	mu      sync.Mutex
	queue   []*pendingTokens
	leading bool
}

type pendingTokens struct {
	tokens []Token
	done   chan error
}

// errLead tells a waiting caller that it now leads.
var errLead = errors.New("lead the next group commit")

func (g *tokenGroup) save(ctx context.Context, ts []Token, write func(context.Context, []Token) error) error {
	me := &pendingTokens{tokens: ts, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, me)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !lead {
		if err := <-me.done; !errors.Is(err, errLead) {
			return err
		}
	}
	g.mu.Lock()
	batch := g.queue
	g.queue = nil
	g.mu.Unlock()

	var all []Token
	for _, p := range batch {
		all = append(all, p.tokens...)
	}
	err := write(ctx, all)
	results := make([]error, len(batch))
	for i := range batch {
		results[i] = err
	}
	if err != nil && len(batch) > 1 {
		// One request's tokens must not fail the others': write them one request at a time.
		for i, p := range batch {
			results[i] = write(ctx, p.tokens)
		}
	}

	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].done <- errLead
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	for i, p := range batch {
		p.done <- results[i]
	}
	return <-me.done
}
