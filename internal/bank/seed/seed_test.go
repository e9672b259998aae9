package seed

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
)

var testNow = time.Date(2026, time.March, 14, 15, 30, 0, 0, time.UTC)

// recorder is an in-memory core.Importer that keeps every batch.
type recorder struct{ batches []core.Batch }

func (r *recorder) Import(_ context.Context, b core.Batch) error {
	r.batches = append(r.batches, b)
	return nil
}

func generate(t testing.TB, o Options) (*recorder, Result) {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	if o.Hashing == (password.Params{}) {
		o.Hashing = password.Cheap
	}
	rec := &recorder{}
	res, err := Run(context.Background(), rec, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rec, res
}

func encode(t testing.TB, batches []core.Batch) []byte {
	t.Helper()
	b, err := json.Marshal(batches)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSameSeedSameBytes(t *testing.T) {
	a, ra := generate(t, Options{Seed: 7, Customers: 60, BatchCustomers: 25})
	b, rb := generate(t, Options{Seed: 7, Customers: 60, BatchCustomers: 25})
	if !bytes.Equal(encode(t, a.batches), encode(t, b.batches)) {
		t.Fatal("the same seed gave different batches")
	}
	if !reflect.DeepEqual(ra, rb) {
		t.Fatal("the same seed gave different results")
	}
	c, _ := generate(t, Options{Seed: 8, Customers: 60, BatchCustomers: 25})
	if bytes.Equal(encode(t, a.batches), encode(t, c.batches)) {
		t.Fatal("different seeds gave the same batches")
	}
}

func TestStats(t *testing.T) {
	rec, res := generate(t, Options{Seed: 1})
	t.Logf("%+v rows=%d batches=%d", res.Stats, res.Stats.Rows(), len(rec.batches))
}
