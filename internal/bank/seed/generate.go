package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// GeneratedPassword is the password of every user seed generates besides the named demo users. They
// share one hash, computed once per run, because hashing each at production cost would take an hour
// for a hundred thousand customers.
const GeneratedPassword = "ipe-senha-1234"

// Stats counts what a run generated.
type Stats struct {
	Customers         int
	BusinessCustomers int
	Users             int
	Accounts          int
	Transactions      int
	Contracts         int
	StandingData      int // direct debits, standing orders, scheduled payments, beneficiaries, offers
	Batches           int
}

// Rows is the number of records written, for throughput figures.
func (s Stats) Rows() int {
	return s.Customers + s.Users + 2*s.Accounts + s.Transactions + s.Contracts + s.StandingData
}

// Result is what a run produced besides the batches themselves.
type Result struct {
	DemoUsers []DemoUser
	Stats     Stats
}

// Progress is told how many customers were emitted so far, out of the total, after each batch.
type Progress func(done, total int)

// Generate builds the data for o and hands it to emit one batch at a time, in order; the first batch
// also carries the bank's products. It stops at the first error emit returns. The batches depend only
// on o: the same options always give the same batches.
func Generate(ctx context.Context, o Options, progress Progress, emit func(context.Context, core.Batch) error) (Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Result{}, err
	}
	g, err := newGenerator(o)
	if err != nil {
		return Result{}, err
	}
	g.batch.Products = products()
	flush := func() error {
		if len(g.batch.Customers) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := emit(ctx, g.batch); err != nil {
			return err
		}
		g.stats.Batches++
		// Size the next batch like this one so the big slices do not regrow.
		g.batch = core.Batch{
			Customers:    make([]core.Customer, 0, len(g.batch.Customers)+4),
			Accounts:     make([]core.Account, 0, len(g.batch.Accounts)+16),
			Balances:     make([]core.Balance, 0, len(g.batch.Balances)+16),
			Transactions: make([]core.Transaction, 0, len(g.batch.Transactions)*11/10),
		}
		if progress != nil {
			progress(g.stats.Customers, o.Customers)
		}
		return nil
	}
	for _, plan := range g.plan() {
		if err := g.unit(plan); err != nil {
			return Result{}, err
		}
		if len(g.batch.Customers) >= o.BatchCustomers {
			if err := flush(); err != nil {
				return Result{}, err
			}
		}
	}
	if err := flush(); err != nil {
		return Result{}, err
	}
	return Result{DemoUsers: g.demoUsers, Stats: g.stats}, nil
}

// Run generates the data for o and loads it through imp, one transaction per batch, in order.
// Generation and loading overlap: while the store writes one batch the next is being generated, so a
// run takes about as long as the slower of the two. progress is told after each batch is stored. When
// a batch fails, the batches before it stay stored and the error names the failing one.
func Run(ctx context.Context, imp core.Importer, o Options, progress Progress) (Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	total := o.Customers
	if total == 0 {
		total = 50
	}
	batches := make(chan core.Batch, 1)
	imported := make(chan error, 1)
	go func() {
		var err error
		done, n := 0, 0
		for b := range batches {
			if err != nil {
				continue // drain what was generated before the cancellation was seen
			}
			n++
			if err = imp.Import(ctx, b); err != nil {
				err = fmt.Errorf("batch %d: %w", n, err)
				cancel()
				continue
			}
			done += len(b.Customers)
			if progress != nil {
				progress(done, total)
			}
		}
		imported <- err
	}()
	res, err := Generate(ctx, o, nil, func(ctx context.Context, b core.Batch) error {
		select {
		case batches <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(batches)
	if ierr := <-imported; ierr != nil {
		return Result{}, ierr
	}
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// generator holds what runs across units: the counters behind ids and account numbers, and the batch
// being filled.
type generator struct {
	o          Options
	ids        taxIDs
	start      time.Time // the first day of statement history
	sharedHash string
	demoHashes map[string]string // by demo key
	outsiders  outsiders
	next       struct {
		customer, person, company, user, account, contract, tx, standing int
	}
	batch     core.Batch
	scratch   []event // reused between holders
	bank      struct{ self, acquirer, treasury core.Counterparty }
	stats     Stats
	demoUsers []DemoUser
}

func newGenerator(o Options) (*generator, error) {
	reserved := []string{o.Bank.CNPJ}
	for _, d := range demoPeople {
		reserved = append(reserved, d.cpf)
	}
	for _, d := range demoCompanies {
		reserved = append(reserved, d.cnpj)
	}
	g := &generator{o: o, ids: newTaxIDs(o.Seed, reserved...)}
	g.start = time.Date(o.Now.Year(), o.Now.Month()-time.Month(o.Months), 1, 0, 0, 0, 0, brt)
	g.outsiders = newOutsiders(g.ids, newRNG(o.Seed, outsiderStream))
	g.setParties()
	// The salt of the shared hash comes from the seed, so the same seed gives byte-identical users.
	salt := newRNG(o.Seed, saltStream)
	h, err := o.Hashing.HashWithSalt(GeneratedPassword, []byte(salt.digits(16)))
	if err != nil {
		return nil, fmt.Errorf("hash the generated users' password: %w", err)
	}
	g.sharedHash = h
	g.demoHashes = map[string]string{}
	for i, d := range demoPeople {
		salt := newRNG(o.Seed, saltStream+1+uint64(i))
		h, err := o.Hashing.HashWithSalt(demoCredentials[d.key].password, []byte(salt.digits(16)))
		if err != nil {
			return nil, fmt.Errorf("hash the password of demo user %s: %w", d.key, err)
		}
		g.demoHashes[d.key] = h
	}
	return g, nil
}

// Streams of the PCG generator that are not units.
const (
	outsiderStream = 1<<63 + iota
	saltStream
	demoStream
)

// unitPlan is one unit of generation: a personal customer alone, or a company with its
// representatives, generated together so a batch never refers to a customer it does not hold.
type unitPlan struct {
	index    int
	business bool
	demo     string // name of the demo unit, or ""
}

// plan lays out the units: the demo units first, so their ids never change, then personal and
// business units spread evenly.
func (g *generator) plan() []unitPlan {
	var plans []unitPlan
	used := 0
	for _, d := range demoUnits {
		plans = append(plans, unitPlan{index: len(plans), business: d.business != "", demo: d.name})
		used += d.customers()
	}
	rest := g.o.Customers - used
	businesses := int(float64(g.o.Customers)*g.o.BusinessShare+0.5) - len(demoCompanies)
	businesses = max(0, min(businesses, rest/3))
	personal := rest - 3*businesses
	units := businesses + personal
	for i := range units {
		business := (i+1)*businesses/max(units, 1) > i*businesses/max(units, 1)
		plans = append(plans, unitPlan{index: len(plans), business: business})
	}
	return plans
}

func (g *generator) unit(p unitPlan) error {
	if p.demo != "" {
		return g.demoUnit(p)
	}
	r := newRNG(g.o.Seed, uint64(p.index))
	if !p.business {
		g.person(r, nil, activityFor(r))
		return nil
	}
	g.company(r, nil)
	return nil
}

// add appends a customer to the batch and counts it.
func (g *generator) addCustomer(c core.Customer) {
	g.batch.Customers = append(g.batch.Customers, c)
	g.stats.Customers++
	if c.Kind == core.Business {
		g.stats.BusinessCustomers++
	}
}

func (g *generator) id(prefix string, n *int) string {
	*n++
	return fmt.Sprintf("%s-%d", prefix, *n)
}
